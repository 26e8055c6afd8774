import { useCallback, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { containersKey } from '../../api/queries';
import type { Container } from '../../api/types';
import { useErrorMessage } from '../../i18n/useErrorMessage';

export interface LaunchState {
  /** Types being launched right now. */
  starting: ReadonlySet<string>;
  /** Last launch error per type, in the chosen language. */
  errors: Readonly<Record<string, string>>;
  launch: (container: Container) => void;
}

const defaultAssign = (url: string) => window.location.assign(url);

/** Writes a note into the blank tab while the container starts. */
function markWaiting(tab: Window, text: string) {
  try {
    tab.document.title = text;
    tab.document.body.textContent = text;
  } catch {
    // Not our document any more: nothing to write into.
  }
}

/**
 * Opens the container in a new tab. The tab is opened synchronously in the
 * click handler (popup blockers only allow that) and pointed at the service
 * once the launch answers; if the browser blocked it, this tab navigates.
 */
export function useLaunch(assignLocation: (url: string) => void = defaultAssign): LaunchState {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [starting, setStarting] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  // A mutation (not a bare call) so the global handler sees a 401.
  const { mutateAsync } = useMutation({ mutationKey: ['launch'], mutationFn: api.launch });

  const launch = useCallback(
    (container: Container) => {
      const { type } = container;
      const tab = window.open('', '_blank');
      if (tab) {
        // The service must not be able to script this dashboard.
        tab.opener = null;
        markWaiting(tab, t('dashboard.starting'));
      }
      setStarting((s) => new Set(s).add(type));
      setErrors(({ [type]: _, ...rest }) => rest);

      mutateAsync(type)
        .then((res) => {
          if (tab) tab.location.href = res.service_url;
          else assignLocation(res.service_url);
        })
        .catch((err: unknown) => {
          tab?.close();
          setErrors((e) => ({ ...e, [type]: errorMessage(err) }));
        })
        .finally(() => {
          setStarting((s) => {
            const next = new Set(s);
            next.delete(type);
            return next;
          });
          void queryClient.invalidateQueries({ queryKey: containersKey });
        });
    },
    [t, errorMessage, mutateAsync, queryClient, assignLocation],
  );

  return { starting, errors, launch };
}
