import type { Database, Statement } from 'sql.js';

/** Statements prepared once per SQL text and reused (preparing costs a parse each time); freed together. */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Before export(), VACUUM or close: sql.js refuses or invalidates open statements then. */
  freeAll(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
  }
}
