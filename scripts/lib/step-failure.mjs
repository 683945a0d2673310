/** A failed check: `message` is the one-line reason, `output` the tool output worth printing. */
export class StepFailure extends Error {
  /**
   * @param {string} message
   * @param {string} [output]
   */
  constructor(message, output = '') {
    super(message);
    this.name = 'StepFailure';
    this.output = output;
  }
}

/**
 * Runs a command through `runCommand` and throws a StepFailure with its output when it exits non-zero.
 * @param {Promise<{ code: number, output: string }>} running
 * @param {string} what
 */
export async function expectSuccess(running, what) {
  const result = await running;
  if (result.code !== 0) throw new StepFailure(`${what} exited with code ${result.code}`, result.output);
  return result;
}
