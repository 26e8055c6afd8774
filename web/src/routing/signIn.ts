import type { AnyRouter } from '@tanstack/react-router';
import { loginPathFor } from '../utils/safeNext';

/** Leaves for the sign-in page, which brings the person back here afterwards. */
export function sendToSignIn(router: AnyRouter): void {
  void router.navigate({ href: loginPathFor(window.location), replace: true });
}
