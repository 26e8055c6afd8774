import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess, waitUntilAnswering, type RunningProcess } from './processes.js';

export const NGINX = '/usr/sbin/nginx';

export interface Nginx {
  readonly url: string;
  readonly process: RunningProcess;
  /** The upstream (`127.0.0.1:port`) that served each logged request whose path matches. */
  upstreamsOf(path: RegExp): Promise<string[]>;
}

/**
 * A load balancer in front of the replicas as an operator would put one: round robin, WebSocket
 * upgrades passed on, event streams unbuffered. A request that cannot reach a replica (refused,
 * as after a crash) goes to the next one; a request already sent is not repeated (nginx's default
 * for POST), so a client sees the crash and tries again.
 */
export async function startNginx(
  dir: string,
  port: number,
  upstreamPorts: number[],
): Promise<Nginx> {
  // Workers run as nobody when the master is root: they must reach their temp folders here.
  await mkdir(dir, { mode: 0o755 });
  const accessLog = join(dir, 'access.log');
  const servers = upstreamPorts.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`);
  const conf = `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  log_format upstream '$request_method $uri $status $upstream_addr';
  access_log ${accessLog} upstream;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream spawner { ${servers.join(' ')} }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://spawner;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
      proxy_read_timeout 300s;
      proxy_next_upstream error timeout;
    }
  }
}
`;
  const confFile = join(dir, 'nginx.conf');
  await writeFile(confFile, conf);
  const nginx = startProcess(
    'nginx',
    NGINX,
    ['-p', dir, '-c', confFile, '-e', join(dir, 'error.log'), '-g', 'daemon off;'],
    { cwd: dir, env: {}, logFile: join(dir, 'nginx.out') },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(nginx, `${url}/healthz`);
  } catch (err) {
    await nginx.kill();
    throw err;
  }
  return {
    url,
    process: nginx,
    async upstreamsOf(path) {
      const lines = (await readFile(accessLog, 'utf8')).split('\n').filter(Boolean);
      return lines
        .map((line) => line.split(' '))
        .filter(([, uri]) => path.test(uri ?? ''))
        .map(([, , , upstream]) => upstream ?? '');
    },
  };
}
