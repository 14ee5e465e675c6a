import { withDatabase } from '../../src/database/embedded-postgres';
import { workerDatabaseName } from './test-database';

// Runs before each test file's imports, so the configuration AppModule reads at import time is the test one.
const serverUrl = process.env.CNT_TEST_SERVER_URL;
if (serverUrl) process.env.DATABASE_URL = withDatabase(serverUrl, workerDatabaseName());
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.LOAD_CATALOGUE_ON_START = 'false';
// Tests that need the artifact job start it themselves (PublicationArtifactsWorker.start), so others never race it.
process.env.PUBLICATION_WORKER = 'false';
process.env.JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
process.env.UPLOAD_DIR = `.data/test-files/${process.env.CNT_TEST_RUN ?? 'local'}/w${process.env.JEST_WORKER_ID ?? '1'}`;
process.env.BCRYPT_COST = '4';
process.env.LOGIN_RATE_LIMIT_PER_MINUTE = '30';
process.env.UPLOAD_MAX_BYTES = String(256 * 1024);
