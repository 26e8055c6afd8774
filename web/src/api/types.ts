/** Shapes of the spawner HTTP API (see DESIGN.md, "Contracts"). */

export type ContainerStatus = 'running' | 'stopped' | 'not_created' | 'error';

export interface Container {
  type: string;
  display_name: string;
  description: string;
  status: ContainerStatus;
  service_url: string;
  container_id: string | null;
  /** UTC ISO-8601, null until created. */
  created_at: string | null;
  /** UTC ISO-8601, null until first launch. */
  last_used: string | null;
  /** Reason when status is `error`. */
  error?: string | null;
}

export interface ContainersResponse {
  containers: Container[];
}

export interface LaunchResponse {
  message: string;
  service_url: string;
  container_id: string;
  status: 'running';
}

export interface User {
  id: number;
  email: string;
  slug: string;
  is_admin: boolean;
}

export interface MeResponse {
  user: User;
}

export interface VerifyResponse {
  token: string;
  user: Pick<User, 'id' | 'email' | 'slug'>;
}

export interface PreviewResponse {
  email: string;
}

export interface MagicLinkResponse {
  message: string;
}

/** Every error body the server sends. */
export interface ErrorBody {
  error: string;
  message: string;
  retry_after?: number;
}
