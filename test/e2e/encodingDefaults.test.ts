import { describe, expect, test } from 'vitest';
import { openApp, useE2eSession } from './harness';

// The training form proposes the defaults of the algorithm for the diagram's unit encoding.
describe('training defaults follow the unit encoding', () => {
  const session = useE2eSession('e2e-encoding');

  test('switching the XOR machine to 0/1 units proposes the 0/1 learning rate and epochs; undo restores the ±1 ones', async () => {
    const page = await openApp(session.browser, await session.startApp());
    await page.getByTestId('open-example-menu').click();
    await page.getByTestId('open-example-xor-boltzmann').click();
    await expect.poll(() => page.getByTestId('compiled-summary').textContent()).toContain('21 couplings');
    await expect.poll(() => page.getByTestId('hyper-learningRate').inputValue()).toBe('0.2');
    expect(await page.getByTestId('epochs-input').inputValue()).toBe('500');

    await page.locator('#diagram-encoding').selectOption('binary01');
    await expect.poll(() => page.getByTestId('hyper-learningRate').inputValue()).toBe('1');
    expect(await page.getByTestId('epochs-input').inputValue()).toBe('2500');

    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('hyper-learningRate').inputValue()).toBe('0.2');
  });
});
