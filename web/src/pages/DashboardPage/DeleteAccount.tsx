import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorText } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/confirmDialog';
import { useErrorMessage } from '../../i18n/useErrorMessage';

type Step = 'confirm' | 'type';

/**
 * "Delete my account": asks twice (what goes, then the address typed), deletes the account with
 * its containers and data, and leaves for the sign-in page.
 */
export function DeleteAccount({ email }: { email: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step | undefined>();
  const remove = useMutation({
    mutationFn: api.deleteAccount,
    onSuccess: () => {
      queryClient.clear();
      void navigate({ to: '/login', replace: true });
    },
  });
  // Confirming the first question opens the second; closing one leaves the other alone.
  const closeStep = (closing: Step) => setStep((s) => (s === closing ? undefined : s));

  return (
    <section
      aria-labelledby="account-heading"
      className="mt-12 flex flex-col items-start gap-2 border-t border-zinc-200 pt-6 dark:border-zinc-800"
    >
      <h2 id="account-heading" className="text-lg font-semibold">
        {t('account.title')}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('account.intro')}</p>
      <Button variant="secondary" disabled={remove.isPending} onClick={() => setStep('confirm')}>
        {remove.isPending ? t('actions.working') : t('account.delete')}
      </Button>
      {remove.isError && <ErrorText>{errorMessage(remove.error)}</ErrorText>}
      <ConfirmDialog
        open={step === 'confirm'}
        title={t('account.confirmTitle')}
        confirmLabel={t('account.continue')}
        cancelLabel={t('actions.cancel')}
        onConfirm={() => setStep('type')}
        onClose={() => closeStep('confirm')}
      >
        {t('account.confirmBody')}
      </ConfirmDialog>
      <ConfirmDialog
        open={step === 'type'}
        title={t('account.typeTitle')}
        confirmLabel={t('account.deleteConfirm')}
        cancelLabel={t('actions.cancel')}
        typeToConfirm={{ text: email, label: t('account.typePrompt', { email }) }}
        onConfirm={() => remove.mutate()}
        onClose={() => closeStep('type')}
      >
        {t('account.typeBody')}
      </ConfirmDialog>
    </section>
  );
}
