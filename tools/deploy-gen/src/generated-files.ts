import { renderIngressRoutes } from './ingress-routes.ts';
import { renderNginxConf } from './nginx-conf.ts';

export interface GeneratedFile {
  /** Workspace-relative path of the committed file. */
  readonly path: string;
  readonly render: () => string;
}

/** Every file generated from libs/route-allowlist; committed, and kept in step by the drift test. */
export const GENERATED_FILES: readonly GeneratedFile[] = [
  { path: 'docker/ui/nginx.conf.template', render: () => renderNginxConf() },
  { path: 'helm/switchboard/files/routes.yaml', render: () => renderIngressRoutes() },
];
