import { RenderSlots } from './render-slots';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RenderSlots', () => {
  it('runs at most `limit` drawings at once, the others in order of arrival', async () => {
    const slots = new RenderSlots(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const draw = (n: number) =>
      slots.run(async () => {
        started.push(n);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return n;
      });
    const results = [1, 2, 3, 4, 5].map(draw);
    await tick();
    expect(started).toEqual([1, 2]);
    releases.shift()!();
    await tick();
    expect(started).toEqual([1, 2, 3]);
    while (releases.length > 0 || started.length < 5) {
      releases.shift()?.();
      await tick();
    }
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('frees the slot of a drawing that fails', async () => {
    const slots = new RenderSlots(1);
    await expect(slots.run(async () => Promise.reject(new Error('renderer bug')))).rejects.toThrow('renderer bug');
    await expect(slots.run(async () => 'next')).resolves.toBe('next');
  });
});
