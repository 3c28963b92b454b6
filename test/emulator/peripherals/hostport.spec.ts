import { describe, expect, it } from 'vitest';

import {
  HOST_ENTER,
  HOST_EXIT,
  HOST_ID,
  HOST_IRQAFTER,
  HOST_IRQVEC,
  HOST_LEAVE,
  HOST_NAMEHI,
  HOST_PUTC,
  HostPort,
  isHostPortAddress,
  type HostPortHooks,
} from '../../../emulator/peripherals/hostport.js';
import { FakeContext } from './fake-context.js';

class Host implements HostPortHooks {
  readonly memory = new Uint8Array(0x100000);
  exitCode: number | null = null;
  output = '';
  readonly regions: string[] = [];

  exit(code: number): void {
    this.exitCode = code;
  }
  putChar(byte: number): void {
    this.output += String.fromCharCode(byte);
  }
  enterRegion(name: string, cycle: number): void {
    this.regions.push(`enter ${name} @${cycle}`);
  }
  leaveRegion(name: string, cycle: number): void {
    this.regions.push(`leave ${name} @${cycle}`);
  }
  readByte(address: number): number {
    return this.memory[address] ?? 0;
  }
  poke(address: number, text: string): void {
    for (let i = 0; i < text.length; i++) this.memory[address + i] = text.charCodeAt(i);
    this.memory[address + text.length] = 0;
  }
}

function setup(): { ctx: FakeContext; host: Host; port: HostPort } {
  const ctx = new FakeContext();
  const host = new Host();
  const port = new HostPort(ctx, host);
  port.reset();
  return { ctx, host, port };
}

describe('host port', () => {
  it('occupies 0x0FF0–0x0FFF', () => {
    expect([0x0fef, 0x0ff0, 0x0fff, 0x1000].map(isHostPortAddress)).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('HOST_EXIT stops with the code; HOST_ID reads 0x0430', () => {
    const { host, port } = setup();
    expect(port.read16(HOST_ID)).toBe(0x0430);
    port.write16(HOST_EXIT, 0xbeef);
    expect(host.exitCode).toBe(0xbeef);
  });

  it('HOST_PUTC takes word or byte writes', () => {
    const { host, port } = setup();
    port.write8(HOST_PUTC, 0x6f);
    port.write16(HOST_PUTC, 0x4b6b);
    expect(host.output).toBe('ok');
  });

  it('HOST_ENTER / HOST_LEAVE read the NUL-terminated name and stamp the cycle', () => {
    const { ctx, host, port } = setup();
    host.poke(0x4500, 'mac');
    host.poke(0x12340, 'threshold');
    ctx.cycle = 10;
    port.write16(HOST_ENTER, 0x4500);
    ctx.cycle = 99;
    port.write16(HOST_NAMEHI, 0x1);
    port.write16(HOST_ENTER, 0x2340);
    port.write16(HOST_LEAVE, 0x4500); // NAMEHI was cleared by the previous use
    expect(host.regions).toEqual(['enter mac @10', 'enter threshold @99', 'leave mac @99']);
  });

  it('a name longer than 64 characters is cut and reported', () => {
    const { ctx, host, port } = setup();
    host.poke(0x4000, 'x'.repeat(70));
    port.write16(HOST_ENTER, 0x4000);
    expect(host.regions).toEqual([`enter ${'x'.repeat(64)} @0`]);
    expect(ctx.eventsOf('warning')).toHaveLength(1);
  });

  it('HOST_IRQAFTER raises the vector at now + n until the CPU accepts it', () => {
    const { ctx, port } = setup();
    ctx.cycle = 100;
    port.write16(HOST_IRQVEC, 0xffea);
    port.write16(HOST_IRQAFTER, 50);
    expect(port.nextEventCycle()).toBe(150);
    ctx.cycle = 120;
    expect(port.read16(HOST_IRQAFTER)).toBe(30);
    port.advance(149);
    expect(ctx.pending(0xffea)).toBe(false);
    port.advance(150);
    expect(ctx.pending(0xffea)).toBe(true);
    expect(port.nextEventCycle()).toBe(Infinity);
    port.acknowledgeInterrupt(0xfff2);
    expect(ctx.pending(0xffea)).toBe(true);
    port.acknowledgeInterrupt(0xffea);
    expect(ctx.pending(0xffea)).toBe(false);
  });

  it('HOST_IRQAFTER = 0 cancels; a bad vector is refused', () => {
    const { ctx, port } = setup();
    port.write16(HOST_IRQVEC, 0x1234);
    expect(ctx.eventsOf('warning')).toHaveLength(1);
    port.write16(HOST_IRQVEC, 0xffea);
    port.write16(HOST_IRQAFTER, 5);
    port.write16(HOST_IRQAFTER, 0);
    expect(port.nextEventCycle()).toBe(Infinity);
  });
});
