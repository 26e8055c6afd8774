import { useMutation, useQueryClient } from '@tanstack/react-query';
import { adminKey } from '../../api/adminQueries';
import { useErrorMessage } from '../../i18n/useErrorMessage';

/**
 * Runs an admin action; every admin list is fetched again whatever the outcome (a block also
 * stops containers, a delete changes the audit log).
 */
export function useAdminAction<A extends { kind: string }>(
  perform: (action: A) => Promise<unknown>,
) {
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const mutation = useMutation({
    mutationFn: perform,
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminKey }),
  });
  return {
    run: (action: A) => mutation.mutate(action),
    running: mutation.isPending ? mutation.variables.kind : undefined,
    done: mutation.isSuccess ? mutation.variables.kind : undefined,
    error: mutation.error ? errorMessage(mutation.error) : undefined,
  };
}
