import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPAWNER_NETWORKS } from '../src/runtime/docker.js';
import { ECHO_IMAGE, docker } from './helpers/docker.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';
import { OutsideNamespace, probeScript, relay, standIn, type StandIn } from './helpers/standIns.js';

/**
 * What a hostile app could reach from inside its container, and what deploy/firewall.sh and the
 * hardened defaults stop. Every target is a stand-in this file starts: listeners on the host bound
 * to the address of spawner's own bridge, another user's container, and a network namespace behind
 * a veth pair holding a link-local address and an "internet" address (198.18.0.0/15, the range set
 * aside for tests). Nothing is sent anywhere else. Runs as root: it changes the firewall (and puts
 * it back as it was at the end) and makes the namespace.
 */

const firewallScript = fileURLToPath(new URL('../../deploy/firewall.sh', import.meta.url));
const firewall = (action: 'apply' | 'remove' | 'check') =>
  execFileSync('bash', [firewallScript, action], { encoding: 'utf8', stdio: 'pipe' });
const firewallInPlace = () => {
  try {
    firewall('check');
    return true;
  } catch {
    return false;
  }
};

let t: TestApp;
let alice: SignedIn;
let bob: SignedIn;
let work: string;
let hadFirewall = false;
let outside: OutsideNamespace | undefined;
const standIns: StandIn[] = [];
/** alice's dev (internet), bob's dev, alice's offline (network: none). */
let aliceDev: Docker.ContainerInspectInfo;
let bobDev: Docker.ContainerInspectInfo;
let aliceOffline: Docker.ContainerInspectInfo;
let gateway: string;
let internalGateway: string;
/** Each stand-in by what it stands for, as "address:port" strings the probe connects to. */
const target: Record<string, { host: string; port: number }> = {};

async function launch(who: SignedIn, type: string): Promise<Docker.ContainerInspectInfo> {
  const res = await who.fetch(`/api/container/launch/${type}`, { method: 'POST' });
  const body = (await res.json()) as { container_id?: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return docker.getContainer(body.container_id!).inspect();
}

/** Connects from inside the container; answers `connected: <first line>` or `error: <code>`. */
async function probe(from: Docker.ContainerInspectInfo, to: { host: string; port: number }) {
  return (await exec(from, ['/usr/bin/node', '-e', probeScript, to.host, String(to.port)])).trim();
}

/** Runs a command in the container as its own user and returns what it printed. */
async function exec(container: Docker.ContainerInspectInfo, cmd: string[]): Promise<string> {
  const run = await docker
    .getContainer(container.Id)
    .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await run.start({ hijack: true, stdin: false, Tty: true });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => stream.on('end', resolve));
  return Buffer.concat(chunks).toString('utf8');
}

const addressOn = (c: Docker.ContainerInspectInfo, network: string) =>
  c.NetworkSettings.Networks[network]!.IPAddress;

async function gatewayOf(network: string): Promise<string> {
  const info = (await docker.getNetwork(network).inspect()) as {
    IPAM: { Config: Array<{ Gateway?: string }> };
  };
  return info.IPAM.Config[0]!.Gateway!;
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the isolation tests change the firewall and make a network namespace: run them as root',
    );
  }
  work = mkdtempSync(join(tmpdir(), 'spawner-isolation-'));
  const templates = join(work, 'templates.json');
  const common = { image: ECHO_IMAGE, data_path: '/data', memory: '128m' };
  writeFileSync(
    templates,
    JSON.stringify({
      templates: [
        { key: 'dev', display_name: 'Online', ...common },
        { key: 'offline', display_name: 'Offline', network: 'none', ...common },
      ],
    }),
  );
  t = await startTestApp({ TEMPLATES_FILE: templates });
  alice = await t.signIn(t.email('alice'));
  bob = await t.signIn(t.email('bob'));
  [aliceDev, bobDev, aliceOffline] = await Promise.all([
    launch(alice, 'dev'),
    launch(bob, 'dev'),
    launch(alice, 'offline'),
  ]);
  gateway = await gatewayOf(SPAWNER_NETWORKS.isolated.name);
  internalGateway = await gatewayOf(SPAWNER_NETWORKS.internal.name);

  // The host's own services, as a container sees them: on the address of spawner's bridge.
  const hostService = await standIn('host service', gateway);
  const internalHostService = await standIn('host service', internalGateway);
  const dockerApi = await standIn('docker api', gateway, 2375);
  const spawnerPort = await relay(gateway, Number(new URL(t.url).port));
  standIns.push(hostService, internalHostService, dockerApi, spawnerPort);
  outside = await OutsideNamespace.start(t.tag);
  Object.assign(target, {
    hostService: hostService.address,
    internalHostService: internalHostService.address,
    dockerApi: dockerApi.address,
    spawner: spawnerPort.address,
    linkLocal: outside.linkLocal,
    internet: outside.internet,
    bob: { host: addressOn(bobDev, SPAWNER_NETWORKS.isolated.name), port: 8080 },
  });

  hadFirewall = firewallInPlace();
  // The first part shows each stand-in answering without the rules, so the second part's
  // failures are the rules' doing.
  if (hadFirewall) firewall('remove');
});

afterAll(async () => {
  try {
    if (hadFirewall) firewall('apply');
    else firewall('remove');
  } finally {
    for (const s of standIns) await s.close();
    await outside?.close();
    await t?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }
});

describe('a user container, hardened by default', () => {
  it('is created with no capabilities, a read-only root, no swap, limits and no new privileges', () => {
    const host = aliceDev.HostConfig;
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd ?? []).toEqual([]);
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.Memory).toBe(128 * 1024 ** 2);
    expect(host.MemorySwap).toBe(host.Memory);
    expect(host.PidsLimit).toBe(512);
    expect(host.Ulimits).toEqual([{ Name: 'nofile', Soft: 4096, Hard: 4096 }]);
    expect(host.SecurityOpt).toContain('no-new-privileges');
    expect(Object.keys(host.Tmpfs ?? {}).sort()).toEqual(['/run', '/tmp']);
    expect(host.Tmpfs?.['/tmp']).toContain('size=64m');
    // The engine's socket is nowhere in it: only the data volume is mounted.
    expect(aliceDev.Mounts.map((m) => [m.Type, m.Destination])).toEqual([['volume', '/data']]);
    expect(host.NetworkMode).toBe(SPAWNER_NETWORKS.isolated.name);
    expect(aliceOffline.HostConfig.NetworkMode).toBe(SPAWNER_NETWORKS.internal.name);
  });

  it("sits on spawner's bridges, named for the firewall, inter-container traffic off", async () => {
    for (const network of Object.values(SPAWNER_NETWORKS)) {
      const info = await docker.getNetwork(network.name).inspect();
      expect(info.Options).toMatchObject({
        'com.docker.network.bridge.name': network.bridge,
        'com.docker.network.bridge.enable_icc': 'false',
      });
      expect(info.Internal).toBe(network.internal);
    }
  });

  it('can write to /tmp, /run and /data only, holds no capability and sees no Docker socket', async () => {
    const script = `
      const fs = require('node:fs');
      const tryWrite = (p) => { try { fs.writeFileSync(p, 'x'); return 'ok'; } catch (e) { return e.code; } };
      const caps = Object.fromEntries(fs.readFileSync('/proc/self/status', 'utf8').split('\\n')
        .filter((l) => l.startsWith('Cap')).map((l) => l.split(/:\\s+/)));
      console.log(JSON.stringify({
        root: tryWrite('/hostile'), app: tryWrite('/app/hostile'), tmp: tryWrite('/tmp/x'),
        run: tryWrite('/run/x'), data: tryWrite('/data/x'), caps,
        sockets: ['/var/run/docker.sock', '/run/docker.sock'].filter((p) => fs.existsSync(p)),
      }));`;
    const seen = JSON.parse(await exec(aliceDev, ['/usr/bin/node', '-e', script])) as Record<
      string,
      unknown
    >;
    expect(seen).toEqual({
      root: 'EROFS',
      app: 'EROFS',
      tmp: 'ok',
      run: 'ok',
      data: 'ok',
      caps: {
        CapInh: '0000000000000000',
        CapPrm: '0000000000000000',
        CapEff: '0000000000000000',
        CapBnd: '0000000000000000',
        CapAmb: '0000000000000000',
      },
      sockets: [],
    });
  });
});

describe('without the firewall rules, every stand-in answers (so the blocked ones below can fail)', () => {
  it.each([
    ['a service on the host', 'hostService', /^connected: host service$/],
    // spawner itself, answering HTTP, through a relay on the bridge's address.
    ["spawner's port", 'spawner', /^connected: HTTP\/1\.1 \d{3} /],
    ['a Docker API on TCP', 'dockerApi', /^connected: docker api$/],
    ['the link-local range', 'linkLocal', /^connected: outside$/],
    ['the internet', 'internet', /^connected: outside$/],
  ])('%s', async (_what, name, answer) => {
    expect(await probe(aliceDev, target[name]!)).toMatch(answer);
  });

  it('a service on the host, from a container without internet', async () => {
    expect(await probe(aliceOffline, target.internalHostService!)).toBe('connected: host service');
  });

  it('but a container without internet cannot reach it even so', async () => {
    // Docker drops it silently (a timeout); newer engines give the container no route at all.
    expect(await probe(aliceOffline, target.internet!)).toMatch(/^(timeout|error: ENETUNREACH)$/);
  });

  it("another user's container answers spawner, on the host", async () => {
    const res = await fetch(`http://${target.bob!.host}:${target.bob!.port}/`);
    expect(res.status).toBe(200);
  });
});

describe('with deploy/firewall.sh applied', () => {
  beforeAll(() => {
    firewall('apply');
    expect(firewall('check')).toContain('in place');
  });

  it.each([
    ['a service on the host', 'hostService'],
    ["spawner's port", 'spawner'],
    ['a Docker API on TCP', 'dockerApi'],
    ['the link-local range', 'linkLocal'],
    ["another user's container", 'bob'],
  ])('a user container cannot reach %s', async (_what, name) => {
    expect(await probe(aliceDev, target[name]!)).toBe('error: EHOSTUNREACH');
  });

  it('a user container still reaches the internet', async () => {
    expect(await probe(aliceDev, target.internet!)).toBe('connected: outside');
  });

  it('a container without internet reaches neither the internet nor the host', async () => {
    for (const name of ['internet', 'linkLocal', 'internalHostService', 'bob']) {
      expect(await probe(aliceOffline, target[name]!), name).toBe('error: EHOSTUNREACH');
    }
  });

  it('spawner still launches, reaches and proxies to both kinds of container', async () => {
    const restarted = await alice.fetch('/api/container/dev/restart', { method: 'POST' });
    expect(restarted.status).toBe(200);
    for (const type of ['dev', 'offline']) {
      const res = await alice.fetch(`/${alice.user.slug}-${type}/through-spawner`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { url: string }).url).toBe('/through-spawner');
    }
  });
});
