// After test/setup/test-env.ts: an upload folder apart from the default suite's, since these tests count files in it.
process.env.UPLOAD_DIR = `.data/reliability-files/w${process.env.JEST_WORKER_ID ?? '1'}`;
