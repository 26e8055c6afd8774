import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api } from '../api/client';

/** Signs out and leaves for the sign-in page, whatever the answer (the session may be gone). */
export function useSignOut() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      queryClient.clear();
      void navigate({ to: '/login', replace: true });
    },
  });
  return { signOut: () => signOut.mutate(), signingOut: signOut.isPending };
}
