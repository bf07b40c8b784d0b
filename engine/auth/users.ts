import { randomUUID } from 'node:crypto';
import { ToolgateError } from '../errors.js';
import type { Sql } from '../store/index.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { isRole, type Role } from './scope-catalog.js';

export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  role: string;
  password_hash: string;
  created_at: Date;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export class UserError extends ToolgateError {
  constructor(code: 'user_exists' | 'user_not_found' | 'invalid_user', message: string) {
    super(code, message, { status: 400 });
  }
}

/**
 * The local user directory: who may sign in on the login page, and with which role. Passwords are
 * kept only as scrypt hashes and never logged. Changing a user's role or password, or removing
 * them, revokes everything issued to them (grants, refresh tokens, sessions), so the change holds
 * at once rather than when the last token expires.
 */
export class UserDirectory {
  constructor(private readonly sql: Sql) {}

  async add(input: { email: string; password: string; role: Role }): Promise<User> {
    const email = normalizeEmail(input.email);
    if (!isRole(input.role)) throw new UserError('invalid_user', `role must be viewer, editor or admin, not ${String(input.role)}`);
    const hash = await hashPassword(input.password);
    const id = randomUUID();
    const inserted = await this.sql.query<UserRow>(
      `INSERT INTO auth.users (id, email, password_hash, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id, email, role, password_hash, created_at`,
      [id, email, hash, input.role],
    );
    const row = inserted.rows[0];
    if (!row) throw new UserError('user_exists', `a user with the email ${email} already exists`);
    return toUser(row);
  }

  async find(emailOrId: string): Promise<User | undefined> {
    const row = await this.row(emailOrId);
    return row ? toUser(row) : undefined;
  }

  async list(): Promise<User[]> {
    const { rows } = await this.sql.query<UserRow>('SELECT id, email, role, password_hash, created_at FROM auth.users ORDER BY lower(email)');
    return rows.map(toUser);
  }

  /** The user when the email and password match; undefined otherwise, in about the same time either way. */
  async authenticate(email: string, password: string): Promise<User | undefined> {
    const row = EMAIL.test(email.trim()) ? await this.row(email) : undefined;
    const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
    return row && ok ? toUser(row) : undefined;
  }

  async setRole(emailOrId: string, role: Role): Promise<User> {
    if (!isRole(role)) throw new UserError('invalid_user', `role must be viewer, editor or admin, not ${String(role)}`);
    return this.update(emailOrId, 'role = $2', [role]);
  }

  async setPassword(emailOrId: string, password: string): Promise<User> {
    return this.update(emailOrId, 'password_hash = $2', [await hashPassword(password)]);
  }

  async remove(emailOrId: string): Promise<User> {
    return this.sql.transaction(async (tx) => {
      const row = await new UserDirectory(tx).row(emailOrId);
      if (!row) throw new UserError('user_not_found', `no user ${emailOrId}`);
      await tx.query('DELETE FROM auth.users WHERE id = $1', [row.id]);
      await revokeAccount(tx, row.id);
      return toUser(row);
    });
  }

  private async update(emailOrId: string, assignment: string, params: unknown[]): Promise<User> {
    return this.sql.transaction(async (tx) => {
      const row = await new UserDirectory(tx).row(emailOrId);
      if (!row) throw new UserError('user_not_found', `no user ${emailOrId}`);
      const { rows } = await tx.query<UserRow>(
        `UPDATE auth.users SET ${assignment}, updated_at = now() WHERE id = $1 RETURNING id, email, role, password_hash, created_at`,
        [row.id, ...params],
      );
      await revokeAccount(tx, row.id);
      return toUser(rows[0]!);
    });
  }

  private async row(emailOrId: string): Promise<UserRow | undefined> {
    const key = emailOrId.trim();
    const { rows } = await this.sql.query<UserRow>(
      'SELECT id, email, role, password_hash, created_at FROM auth.users WHERE id = $1 OR lower(email) = lower($1)',
      [key],
    );
    return rows[0];
  }
}

/** Everything oidc-provider stored for an account: grants, refresh tokens, codes, sessions. */
export async function revokeAccount(sql: Sql, accountId: string): Promise<void> {
  await sql.query('DELETE FROM auth.payloads WHERE account_id = $1', [accountId]);
}

function normalizeEmail(email: string): string {
  const trimmed = email.trim();
  if (!EMAIL.test(trimmed)) throw new UserError('invalid_user', `${JSON.stringify(email)} is not an email address`);
  return trimmed;
}

function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, role: row.role as Role, createdAt: row.created_at };
}
