import type { AdminUser, ContainerStatus } from '@spawner/api';
import type { Logger } from 'pino';
import type { AuditAction, AuditActor, AuditLog } from '../audit/auditLog.js';
import type { MagicLinkService } from '../auth/magicLinks.js';
import type { SessionService } from '../auth/sessions.js';
import type { ContainerIndex } from '../containers/containerIndex.js';
import type { ContainerService } from '../containers/containerService.js';
import type { UserRow } from '../db/schema.js';
import { BadRequestError, LastAdminError, NotFoundError } from '../errors.js';
import type { TemplateCatalog } from '../templates/template.js';
import type { UserStore } from '../users/userStore.js';
import {
  adminUserOf,
  type AdminContainersFilter,
  type AdminLists,
  type AdminUsersFilter,
} from './adminLists.js';

/** Who asks for an admin action: a signed-in administrator, or nobody (the operator's CLI). */
export interface AdminActor {
  user: AuditActor;
  /** The client's address; null from the CLI. */
  ip: string | null;
}

export interface AdminServiceDeps {
  users: UserStore;
  lists: AdminLists;
  sessions: SessionService;
  magicLinks: MagicLinkService;
  containers: ContainerService;
  index: ContainerIndex;
  templates: TemplateCatalog;
  audit: AuditLog;
  log: Logger;
}

/**
 * What administrators do to people and their containers, for the console's routes and the
 * operator's CLI alike. Knows nothing of HTTP; every act that changes something is recorded in
 * the audit log, refused and failed ones too.
 */
export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  listUsers(filter: AdminUsersFilter) {
    return this.deps.lists.users(filter);
  }

  listContainers(filter: AdminContainersFilter) {
    return this.deps.lists.containers(filter);
  }

  /** A user by id, as the console shows them. */
  async user(id: number): Promise<AdminUser> {
    return this.present(await this.existing(id));
  }

  /** A user by email address (the CLI names people so); undefined when there is none. */
  async userByEmail(email: string): Promise<AdminUser | undefined> {
    const row = await this.deps.users.findByEmail(email.trim().toLowerCase());
    return row && this.present(row);
  }

  /** Makes the ADMIN_EMAILS administrators at start, registering the addresses not yet known. */
  async grantConfiguredAdmins(emails: ReadonlySet<string>): Promise<void> {
    await this.deps.users.grantAdmins(emails);
  }

  /**
   * Lets an address in: its account is made now, so a closed sign-up (SIGNUP=invite or
   * allowlist) lets it sign in; with `sendLink` it is mailed a sign-in link too. An address that
   * already has an account keeps it (`created` is false).
   */
  invite(
    by: AdminActor,
    email: string,
    options: { sendLink: boolean },
  ): Promise<{ user: AdminUser; created: boolean }> {
    return this.audited(by, 'admin_invite', { email }, async () => {
      const known = await this.deps.users.findByEmail(email);
      const row = known ?? (await this.deps.users.findOrCreate(email));
      await this.deps.users.markInvited(row.id, new Date().toISOString());
      if (options.sendLink) await this.deps.magicLinks.send(email);
      return { user: this.present(row), created: known === undefined };
    });
  }

  /** Blocks a person: no more sign-ins, every session ends now, their containers stop. */
  block(by: AdminActor, userId: number): Promise<AdminUser> {
    return this.auditedOn(by, 'admin_block', userId, async (row) => {
      if (by.user?.id === row.id) {
        throw new BadRequestError('bad_request', 'You cannot block yourself.');
      }
      if (row.blocked_at === null) {
        await this.keepAnAdmin(row);
        await this.deps.users.setBlocked(row.id, new Date().toISOString());
      }
      // Also when already blocked: whatever a race let through ends now.
      await this.deps.sessions.revokeAllOf(row.id);
      await this.stopAll(row);
      return this.user(row.id);
    });
  }

  unblock(by: AdminActor, userId: number): Promise<AdminUser> {
    return this.auditedOn(by, 'admin_unblock', userId, async (row) => {
      await this.deps.users.setBlocked(row.id, null);
      return this.user(row.id);
    });
  }

  /** Grants (`true`) or revokes the administrator flag; the last administrator stays one. */
  setAdmin(by: AdminActor, userId: number, isAdmin: boolean): Promise<AdminUser> {
    const action = isAdmin ? 'admin_grant' : 'admin_revoke';
    return this.auditedOn(by, action, userId, async (row) => {
      if (!isAdmin) await this.keepAnAdmin(row);
      await this.deps.users.setAdmin(row.id, isAdmin);
      // The flag is read with the session, which is remembered for a few seconds.
      await this.deps.sessions.forgetUser(row.id);
      return this.user(row.id);
    });
  }

  /** Stops one person's container (nothing to stop is not an error). */
  stopContainer(by: AdminActor, userId: number, type: string): Promise<ContainerStatus> {
    return this.auditedOn(
      by,
      'admin_stop',
      userId,
      (row) => this.deps.containers.stop(row, type),
      type,
    );
  }

  /** Removes one person's container; with `data`, its data volume too. */
  removeContainer(
    by: AdminActor,
    userId: number,
    type: string,
    options: { data: boolean },
  ): Promise<ContainerStatus> {
    const detail = options.data ? 'data removed' : 'data kept';
    return this.auditedOn(
      by,
      'admin_delete_container',
      userId,
      (row) => this.deps.containers.remove(row, type, options),
      type,
      detail,
    );
  }

  /** Deletes a person: sessions, every container and data volume, pending links, the account. */
  deleteUser(by: AdminActor, userId: number): Promise<void> {
    return this.auditedOn(by, 'admin_delete_user', userId, (row) => this.erase(row));
  }

  /** A person deletes their own account (the same erasure, recorded as theirs). */
  deleteOwnAccount(user: { id: number; email: string }, ip: string | null): Promise<void> {
    const by = { user: { id: user.id, email: user.email }, ip };
    return this.auditedOn(by, 'account_deleted', user.id, (row) => this.erase(row));
  }

  private async erase(row: UserRow): Promise<void> {
    await this.keepAnAdmin(row);
    // Sessions first, so nothing starts a container again while the rest goes.
    await this.deps.sessions.revokeAllOf(row.id);
    await this.deps.magicLinks.revokeFor(row.email);
    // Every template, not only recorded containers: a reset container's volume has no row.
    for (const template of this.deps.templates.all) {
      await this.deps.containers.remove(row, template.key, { data: true });
    }
    await this.deps.users.delete(row.id);
    this.deps.log.info({ user: row.id }, 'user deleted');
  }

  /** Stops every container of the person, after any launch in flight. */
  private async stopAll(row: UserRow): Promise<void> {
    for (const template of this.deps.templates.all) {
      await this.deps.containers.stop(row, template.key);
    }
  }

  /** Refuses to take away the last administrator who can act (by revoke, block or deletion). */
  private async keepAnAdmin(row: UserRow): Promise<void> {
    if (row.is_admin !== 1 || row.blocked_at !== null) return;
    if ((await this.deps.users.countActiveAdmins()) <= 1) throw new LastAdminError();
  }

  private async existing(id: number): Promise<UserRow> {
    const row = await this.deps.users.findById(id);
    if (!row) throw new NotFoundError('There is no user with this id.');
    return row;
  }

  private present(row: UserRow): AdminUser {
    const running = this.deps.index.running().filter((c) => c.userId === row.id).length;
    return adminUserOf(row, running);
  }

  /** An act on one user, audited with the user's email as target (when they exist). */
  private auditedOn<T>(
    by: AdminActor,
    action: AuditAction,
    userId: number,
    act: (row: UserRow) => Promise<T>,
    type?: string,
    detail?: string,
  ): Promise<T> {
    // Looked up outside the audited act: the record names the person even when it was refused.
    return this.deps.users.findById(userId).then((row) =>
      this.audited(
        by,
        action,
        { userId, email: row?.email, type },
        () => {
          if (!row) throw new NotFoundError('There is no user with this id.');
          return act(row);
        },
        detail,
      ),
    );
  }

  private audited<T>(
    by: AdminActor,
    action: AuditAction,
    target: { userId?: number; email?: string; type?: string },
    act: () => Promise<T>,
    detail?: string,
  ): Promise<T> {
    return this.deps.audit.around(
      { actor: by.user, action, target, ip: by.ip, ...(detail ? { detail } : {}) },
      act,
    );
  }
}
