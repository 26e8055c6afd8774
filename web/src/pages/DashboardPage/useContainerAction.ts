import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { containersKey } from '../../api/queries';
import { useErrorMessage } from '../../i18n/useErrorMessage';

export type ContainerAction = 'stop' | 'restart' | 'reset' | 'delete';

/** Runs one of a container's actions; the list is fetched again whatever the outcome. */
export function useContainerAction(type: string) {
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const mutation = useMutation({
    mutationKey: ['container-action', type],
    mutationFn: (action: ContainerAction) => {
      switch (action) {
        case 'stop':
          return api.stop(type);
        case 'restart':
          return api.restart(type);
        case 'reset':
          return api.remove(type, false);
        case 'delete':
          return api.remove(type, true);
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: containersKey }),
  });
  return {
    run: (action: ContainerAction) => mutation.mutate(action),
    running: mutation.isPending ? mutation.variables : undefined,
    error: mutation.error ? errorMessage(mutation.error) : undefined,
  };
}
