/** How often a change the engine makes in the background is looked at again. */
const POLL_MS = 200;

/** Polls until the check holds; false when the time is up first. */
export async function untilTrue(
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
