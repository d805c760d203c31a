// SQLite has one connection, so Kysely's driver queues every query behind a lock. Its lock
// wakes every waiter on each release (they race, and a newcomer can overtake them), and as
// better-sqlite3 answers synchronously, the queued requests then run on as one unbroken
// chain of promise callbacks: with fifty requests in flight the event loop went up to
// 1.8 s without reading a socket (p99 over 1 s at p50 40 ms). This driver puts a
// first-come, first-served queue in front of the lock and hands the connection on through
// setImmediate, so sockets are read and answers written between queued queries. A query
// with nobody waiting pays nothing extra.
import { SqliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';

class FairQueueDriver implements Driver {
  private busy = false;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy = true;
    return this.inner.acquireConnection();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection);
    const next = this.waiting.shift();
    if (next)
      setImmediate(next); // still busy: the connection passes to the next in line
    else this.busy = false;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

export class FairSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new FairQueueDriver(super.createDriver());
  }
}
