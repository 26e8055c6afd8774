import { DEFAULT_SECURITY, type SecurityOptions } from '../runtime/runtime.js';
import type { Template } from './template.js';

/**
 * How a template's containers are confined: its fields, whose defaults are the hardened ones
 * (a template that asks for nothing gets DEFAULT_SECURITY).
 */
export function templateSecurity(template: Template): SecurityOptions {
  return {
    capabilities: template.cap_add,
    readOnlyRootFilesystem: template.read_only,
    // A writable root needs no tmpfs to write to.
    tmpfs: template.read_only ? DEFAULT_SECURITY.tmpfs : [],
    pidsLimit: template.pids_limit,
    maxOpenFiles: template.nofile,
    internet: template.network === 'internet',
  };
}
