import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { freePort } from '../../tools/fleet/fleet-housekeeping';

const READY_TIMEOUT_MS = 10_000;

/** A throw-away CA and a server certificate it signed for 127.0.0.1, made with the openssl CLI. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const files = { ca: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=rerank-fleet test CA',
    '-keyout',
    files.caKey,
    '-out',
    files.ca,
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', files.key, '-out', join(dir, 'server.csr'));
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    join(dir, 'server.csr'),
    '-CA',
    files.ca,
    '-CAkey',
    files.caKey,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    join(dir, 'san.cnf'),
    '-out',
    files.cert,
  );
  return files;
}

/**
 * A redis-server of a test's own that wants a password (and speaks only TLS, when asked), on a
 * free port: the shared Redis has neither, and must never be reconfigured or stopped.
 */
export class SecuredRedis {
  private output = '';

  private constructor(
    readonly port: number,
    readonly password: string,
    private readonly server: ChildProcess,
    private readonly dir: string,
    /** The CA that signed the server certificate (PEM file), when TLS is on. */
    readonly caFile?: string,
  ) {
    for (const stream of [server.stdout, server.stderr]) stream?.on('data', (data) => (this.output += String(data)));
  }

  static async start(options: { password: string; tls?: boolean }): Promise<SecuredRedis> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'rerank-redis-'));
    const certificates = options.tls ? makeCertificates(dir) : undefined;
    const listen = certificates
      ? [
          '--port',
          '0',
          '--tls-port',
          String(port),
          '--tls-cert-file',
          certificates.cert,
          '--tls-key-file',
          certificates.key,
          '--tls-auth-clients',
          'no',
        ]
      : ['--port', String(port)];
    const server = spawn(
      'redis-server',
      [...listen, '--bind', '127.0.0.1', '--requirepass', options.password, '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const redis = new SecuredRedis(port, options.password, server, dir, certificates?.ca);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await redis.answers())) {
      if (server.exitCode !== null || Date.now() > deadline) {
        await redis.stop();
        throw new Error(`redis-server did not answer on port ${port}:\n${redis.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return redis;
  }

  /** REDIS_URL for this server, with `password` (by default the right one). */
  url(password = this.password): string {
    return `${this.caFile ? 'rediss' : 'redis'}://:${encodeURIComponent(password)}@127.0.0.1:${this.port}`;
  }

  /** True once the server answers AUTH + PING with PONG. */
  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = this.caFile
        ? connectTls({ port: this.port, host: '127.0.0.1', ca: readFileSync(this.caFile) })
        : connectTcp(this.port, '127.0.0.1');
      let received = '';
      const done = (answer: boolean) => {
        socket.destroy();
        resolve(answer);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once(this.caFile ? 'secureConnect' : 'connect', () => socket.write(`AUTH ${this.password}\r\nPING\r\n`));
      socket.on('data', (data) => {
        received += String(data);
        if (received.includes('+PONG')) done(true);
      });
      socket.once('error', () => done(false));
    });
  }

  async stop(): Promise<void> {
    if (this.server.exitCode === null && this.server.signalCode === null) {
      const exited = new Promise((resolve) => this.server.once('exit', resolve));
      this.server.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
