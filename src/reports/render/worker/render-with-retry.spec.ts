import { WrittenReport } from '../../output/report-file';
import { RENDER_HEAP_MB } from './render-in-worker';
import { RETRY_HEAP_MB, renderWithRetry } from './render-with-retry';

const written: WrittenReport = { path: '/tmp/x', size: 1, sha256: 'a'.repeat(64) };
const outOfMemory = () => Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });

describe('renderWithRetry', () => {
  it('draws a report once with the small heap when it fits', async () => {
    const render = jest.fn().mockResolvedValue(written);
    const warn = jest.fn();
    await expect(renderWithRetry(render, warn)).resolves.toBe(written);
    expect(render.mock.calls).toEqual([[RENDER_HEAP_MB]]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('draws it again, once, with a larger heap when the worker runs out of memory, and warns', async () => {
    const render = jest.fn().mockRejectedValueOnce(outOfMemory()).mockResolvedValueOnce(written);
    const warn = jest.fn();
    await expect(renderWithRetry(render, warn)).resolves.toBe(written);
    expect(render.mock.calls).toEqual([[RENDER_HEAP_MB], [RETRY_HEAP_MB]]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`${RETRY_HEAP_MB} MB`));
  });

  it('passes other failures on without retrying, and a second shortage too', async () => {
    const broken = jest.fn().mockRejectedValue(new Error('renderer bug'));
    await expect(renderWithRetry(broken, jest.fn())).rejects.toThrow('renderer bug');
    expect(broken).toHaveBeenCalledTimes(1);
    const huge = jest.fn().mockRejectedValue(outOfMemory());
    await expect(renderWithRetry(huge, jest.fn())).rejects.toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
    expect(huge).toHaveBeenCalledTimes(2);
  });
});
