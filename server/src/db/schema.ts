import type { Generated, Selectable } from 'kysely';

/** Times are stored as UTC ISO-8601 text in both dialects, so they compare as strings. */
type IsoTime = string;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  slug: string;
  created_at: IsoTime;
  /** 1 for an administrator, else 0 (an integer: SQLite has no boolean). */
  is_admin: Generated<number>;
  /** Set while the person is blocked: no sign-in, no sessions, no running containers. */
  blocked_at: IsoTime | null;
  /** When an administrator added the address (so SIGNUP=invite lets it in). */
  invited_at: IsoTime | null;
  /** The last sign-in or session use; null until the first. */
  last_seen: IsoTime | null;
  /** Containers the person may run at once, set by an administrator; null: MAX_RUNNING_PER_USER. */
  max_running: number | null;
}

export interface UserContainersTable {
  id: Generated<number>;
  user_id: number;
  container_type: string;
  /** null until the engine has made one (a failed first launch still gets a row, for its error). */
  container_id: string | null;
  /** The host port the template port is published on; null when reached over a Docker network. */
  container_port: number | null;
  template_image: string;
  created_at: IsoTime | null;
  last_used: IsoTime | null;
  /** The reason of the last failed launch; cleared by the next success. */
  last_error: string | null;
  /** Its machine code (an ErrorCode of the contract); null before codes were kept. */
  last_error_code: string | null;
}

export interface MagicLinksTable {
  token_hash: string;
  email: string;
  created_at: IsoTime;
  expires_at: IsoTime;
  used_at: IsoTime | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: IsoTime;
  expires_at: IsoTime;
}

/** A one-time code of subdomain mode's handshake: a dashboard session, passed to one app host. */
export interface AppHandshakeCodesTable {
  code_hash: string;
  session_hash: string;
  /** `{slug}-{type}`: the one app host the code is good for. */
  app: string;
  expires_at: IsoTime;
}

/** An app host's own session (its cookie), made from a handshake code; ends with its dashboard session. */
export interface AppSessionsTable {
  token_hash: string;
  session_hash: string;
  app: string;
  created_at: IsoTime;
  expires_at: IsoTime;
}

/** One audited act; ids and emails are copies, not references, so the record outlives the account. */
export interface AuditEventsTable {
  id: Generated<number>;
  at: IsoTime;
  actor_id: number | null;
  actor_email: string | null;
  /** An AuditAction of the contract. */
  action: string;
  target_user_id: number | null;
  target_email: string | null;
  /** A template key, when a container was acted on. */
  target_type: string | null;
  ip: string | null;
  /** An AuditOutcome of the contract. */
  outcome: string;
  detail: string | null;
}

/** A spawner process of the platform, alive while its heartbeat is recent. */
export interface ReplicasTable {
  replica_id: string;
  seen_at: IsoTime;
}

/** A replica's open connections (WebSockets, streams) to one container: it is in use. */
export interface ConnectionLeasesTable {
  replica_id: string;
  user_id: number;
  container_type: string;
  count: number;
  renewed_at: IsoTime;
}

/** A launch in flight holding a place within the quotas until it ends. */
export interface LaunchPlacesTable {
  id: Generated<number>;
  replica_id: string;
  user_id: number;
  /** The container's name (one place per container). */
  container_key: string;
}

/** A launch wanting or having a turn in the shared launch queue; first in, first served by id. */
export interface LaunchTicketsTable {
  id: Generated<number>;
  replica_id: string;
  created_at: IsoTime;
}

export interface Database {
  users: UsersTable;
  user_containers: UserContainersTable;
  magic_links: MagicLinksTable;
  sessions: SessionsTable;
  app_handshake_codes: AppHandshakeCodesTable;
  app_sessions: AppSessionsTable;
  audit_events: AuditEventsTable;
  replicas: ReplicasTable;
  connection_leases: ConnectionLeasesTable;
  launch_places: LaunchPlacesTable;
  launch_tickets: LaunchTicketsTable;
}

export type UserRow = Selectable<UsersTable>;
export type UserContainerRow = Selectable<UserContainersTable>;
