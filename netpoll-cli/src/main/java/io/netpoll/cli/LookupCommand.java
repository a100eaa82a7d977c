package io.netpoll.cli;

import io.netpoll.net.MX;
import io.netpoll.net.NS;
import io.netpoll.net.Resolver;
import io.netpoll.net.SRV;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code netpoll lookup}: one name through net-core's {@link Resolver}, printed as dig prints its
 * question and answer sections. The Resolver returns records without their TTLs, so the TTL column
 * dig has is not there; everything else reads as dig's {@code NAME IN TYPE DATA} lines.
 */
@Command(
        name = "lookup",
        description = {
            "Look a name up through net-core's DNS client.",
            "Prints the question and the answers as dig does (without TTLs), with Go's resolver rules: the hosts "
                    + "file and resolv.conf's servers, search list and ndots, addresses sorted by RFC 6724, "
                    + "MX by preference, SRV by priority and weight. The SERVER line says where the answer came "
                    + "from: /etc/hosts, the --server, or /etc/resolv.conf's servers.",
            "--type PTR takes an IP address as NAME. A failed lookup prints Go's error text (exit code 1).",
        })
final class LookupCommand implements Callable<Integer> {

    /** Where the servers come from without --server, as the Resolver reads it on Unix. */
    private static final String RESOLV_CONF = "/etc/resolv.conf";

    enum Type { A, AAAA, CNAME, MX, SRV, NS, TXT, PTR }

    @Spec
    CommandSpec spec;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "A",
            description = "Record type, in any case: ${COMPLETION-CANDIDATES} (default: A).")
    Type type;

    @Option(names = "--server", paramLabel = "HOST:PORT",
            description = "Ask this server (an IP address, port 53 unless given: 127.0.0.1:5353, [::1]:53) "
                    + "instead of resolv.conf's.")
    String server;

    @Parameters(index = "0", paramLabel = "NAME", description = "The name to look up (an IP address for PTR).")
    String name;

    /** The hosts file the Resolver reads; another one only in tests. */
    Path hostsFile = HostsFile.DEFAULT;

    @Override
    public Integer call() throws IOException {
        Resolver resolver = resolver();
        // For PTR, the reverse name is written only once the Resolver has accepted NAME as an address.
        List<String> ptrs = type == Type.PTR ? resolver.lookupAddr(name) : List.of();
        String owner = type == Type.PTR ? reverseName(name) : rooted(name);
        List<String> answers = new ArrayList<>();
        // Whether the answer is the hosts file's: only addresses, names of addresses and canonical
        // names are looked up there, as in Go.
        boolean fromHosts = false;
        switch (type) {
            case A, AAAA -> {
                // lookupHost writes addresses as Go does (2001:db8::1); a name with none of the family
                // asked for has an empty answer section, as in dig.
                List<String> ips = resolver.lookupHost(name);
                for (String ip : ips) {
                    if (ip.contains(":") == (type == Type.AAAA)) {
                        answers.add(line(owner, ip));
                    }
                }
                List<InetAddress> listed = hosts().addresses(name);
                fromHosts = !listed.isEmpty()
                        && Set.copyOf(listed).equals(ips.stream().map(HostsFile::literal).collect(Collectors.toSet()));
            }
            case CNAME -> {
                String cname = resolver.lookupCNAME(name);
                answers.add(line(owner, cname));
                String listed = hosts().canonicalName(name);
                fromHosts = listed != null && HostsFile.sameName(listed, cname);
            }
            case MX -> {
                for (MX mx : resolver.lookupMX(name)) {
                    answers.add(line(owner, mx.pref() + " " + mx.host()));
                }
            }
            case SRV -> {
                for (SRV srv : resolver.lookupSRV("", "", name)) {
                    answers.add(line(owner, srv.priority() + " " + srv.weight() + " " + srv.port() + " " + srv.target()));
                }
            }
            case NS -> {
                for (NS ns : resolver.lookupNS(name)) {
                    answers.add(line(owner, ns.host()));
                }
            }
            case TXT -> {
                for (String txt : resolver.lookupTXT(name)) {
                    answers.add(line(owner, quoted(txt)));
                }
            }
            case PTR -> {
                ptrs.forEach(ptr -> answers.add(line(owner, ptr)));
                List<String> listed = hosts().names(HostsFile.literal(name));
                fromHosts = !listed.isEmpty() && listed.size() == ptrs.size()
                        && IntStream.range(0, ptrs.size()).allMatch(i -> HostsFile.sameName(listed.get(i), ptrs.get(i)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(";; QUESTION SECTION:");
        out.println(";" + owner + "\t\tIN\t" + type);
        out.println();
        out.println(";; ANSWER SECTION:");
        answers.forEach(out::println);
        out.println();
        out.println(";; SERVER: " + (fromHosts ? hostsFile : server != null ? server : RESOLV_CONF));
        out.flush();
        return 0;
    }

    private Resolver resolver() {
        Resolver.Builder b = Resolver.builder().hostsFile(hostsFile);
        if (server == null) {
            return b.build();
        }
        try {
            return b.nameservers(server).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--server: " + e.getMessage());
        }
    }

    private HostsFile hosts() {
        return HostsFile.read(hostsFile);
    }

    private String line(String owner, String data) {
        return owner + "\tIN\t" + type + "\t" + data;
    }

    private static String rooted(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    /** TXT data as dig shows it: in double quotes, with quotes and backslashes escaped. */
    private static String quoted(String txt) {
        return "\"" + txt.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * The in-addr.arpa or ip6.arpa name of an address the Resolver has accepted, as dig -x shows it.
     * {@link InetAddress#getByName} only parses it: an IP literal is never looked up.
     */
    private static String reverseName(String addr) throws IOException {
        InetAddress ip = InetAddress.getByName(addr);
        byte[] b = ip.getAddress();
        StringBuilder sb = new StringBuilder();
        if (ip instanceof Inet4Address) {
            for (int i = b.length - 1; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa.").toString();
        }
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(Integer.toHexString(b[i] & 0xf)).append('.').append(Integer.toHexString((b[i] >> 4) & 0xf))
                    .append('.');
        }
        return sb.append("ip6.arpa.").toString();
    }
}
