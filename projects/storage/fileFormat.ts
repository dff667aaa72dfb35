/** PRAGMA application_id of every project file: 0x41545452, ASCII "ATTR" (SQLite file header offset 68). */
export const APPLICATION_ID = 0x41545452;

/** meta.app value naming the program that owns the file. */
export const APP_META_ID = 'attractor-studio';

/** The 16 bytes every SQLite 3 database file starts with ("SQLite format 3\0"). */
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Size of the SQLite database header (sqlite.org/fileformat2.html §1.3). */
export const SQLITE_HEADER_BYTES = 100;

/** Header offsets (big-endian 32-bit): user_version (= our schema version) and application_id. */
export const HEADER_USER_VERSION_OFFSET = 60;
export const HEADER_APPLICATION_ID_OFFSET = 68;

/** Side files SQLite keeps next to a WAL-mode database, and our writer lock. */
export const walPath = (projectPath: string): string => `${projectPath}-wal`;
export const shmPath = (projectPath: string): string => `${projectPath}-shm`;
export const lockPath = (projectPath: string): string => `${projectPath}-lock`;
