import dns2 from "dns2";

const { Packet } = dns2;

/** What a local DNS server answers: name → A address, TXT string or CNAME target; anything else is NXDOMAIN. */
export interface DnsZone {
  a: Map<string, string>;
  txt: Map<string, string>;
  cname: Map<string, string>;
}

export interface DnsServer {
  zone: DnsZone;
  /** `127.0.0.1:PORT`, as DNS_RESOLVER and Pebble's -dnsserver take it. */
  address: string;
  close(): Promise<void>;
}

/**
 * A real DNS server over UDP (the `dns2` package) on a free port, for
 * `mall domain verify` (DNS_RESOLVER) and Pebble's validation authority
 * (-dnsserver). A name with an A record but no AAAA answers AAAA with no
 * records (NOERROR), as a real zone does.
 */
export async function startDnsServer(): Promise<DnsServer> {
  const zone: DnsZone = { a: new Map(), txt: new Map(), cname: new Map() };
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question!.name.toLowerCase().replace(/\.$/, "");
      const txt = zone.txt.get(name);
      const cname = zone.cname.get(name);
      const a = zone.a.get(name);
      if (question!.type === Packet.TYPE.TXT && txt !== undefined)
        response.answers.push({ name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data: txt } as never);
      else if (question!.type === Packet.TYPE.CNAME && cname !== undefined)
        response.answers.push({ name, type: Packet.TYPE.CNAME, class: Packet.CLASS.IN, ttl: 1, domain: cname } as never);
      else if (question!.type === Packet.TYPE.A && a !== undefined)
        response.answers.push({ name, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: 1, address: a } as never);
      else if (!(question!.type === Packet.TYPE.AAAA && a !== undefined)) response.header.rcode = 3; // NXDOMAIN
      send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: "127.0.0.1" } } as never);
  const port = (addresses as unknown as { udp: { port: number } }).udp.port;
  return { zone, address: `127.0.0.1:${port}`, close: () => server.close() };
}
