/**
 * The API's shapes, as the web app names them. They come from the contract package, the same
 * schemas the server validates and serialises with: a changed field fails this app's type check.
 */
export type {
  ContainerEntry as Container,
  ContainerStateResponse,
  ContainerStatus,
  ContainersResponse,
  ErrorBody,
  ErrorCode,
  LaunchResponse,
  MeResponse,
  MessageResponse as MagicLinkResponse,
  PreviewResponse,
  ProgressEvent,
  VerifyResponse,
} from '@spawner/api';
