package org.parley.support;

import static org.parley.support.Commands.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two callers behind their own NAT and a server on a simulated public segment, built from Linux
 * network namespaces on this machine (needs root, {@code ip} and {@code iptables}):
 *
 * <pre>
 *   a   10.0.1.2 ── 10.0.1.1 natA 198.18.1.1 ──┐
 *                                             pub (a bridge, 198.18.0.0/15) ── 198.18.0.1 srv
 *                                             198.18.255.254: the default route, forwarding nothing
 *   b   10.0.2.2 ── 10.0.2.1 natB 198.18.2.1 ──┘
 * </pre>
 *
 * Each NAT masquerades what leaves its public side and lets in only replies (a stateful filter on
 * FORWARD and INPUT). Without port randomization Linux keeps the caller's source port, so one
 * socket gets the same public port towards every destination and hole punching works; with
 * {@code --random-fully} every destination gets a fresh random port (a symmetric NAT), so the
 * address a caller learns from STUN is useless to its peer and only a relay connects them. The
 * callers' LANs are different subnets and the NATs have no route between them, so host
 * candidates never connect. Nothing is changed in the root namespace; everything lives in
 * namespaces named {@code parleylab-<pid>-<n>-<role>}, and closing deletes them with everything
 * inside.
 */
public final class NetLab implements AutoCloseable {
    public static final String SERVER_ADDRESS = "198.18.0.1";
    /**
     * The rest of the internet, as a default route: the bridge's own address in {@code pub}, which
     * forwards nothing. Packets to anywhere else (a caller's private host candidate, say) vanish
     * silently as they would on the internet; without a default route the sender would get
     * "network unreachable" instead, which coturn answers by closing the whole allocation.
     */
    private static final String INTERNET = "198.18.255.254";
    private static final String PREFIX = "parleylab-";
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** How a NAT picks the public port of a new mapping. */
    public enum Mapping {
        /** Keeps the source port where it can: endpoint-independent mapping. */
        PORT_PRESERVING,
        /** {@code MASQUERADE --random-fully}: a random port per mapping, i.e. a symmetric NAT. */
        RANDOM
    }

    /** One machine of the lab: its namespace and its address. */
    public record Host(String ns, String address) {}

    private final String name;
    private final Path logDir;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Host server;
    private final Host callerA;
    private final Host callerB;
    private final Host natA;
    private final Host natB;
    /** Tears the lab down if the JVM exits without {@link #close()}, e.g. after a test timed out mid-command. */
    private final Thread onExit = new Thread(this::close);

    private NetLab(Mapping mapping) {
        name = PREFIX + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        logDir = Path.of("target", "netlab", name);
        server = new Host(ns("srv"), SERVER_ADDRESS);
        natA = new Host(ns("natA"), "198.18.1.1");
        natB = new Host(ns("natB"), "198.18.2.1");
        callerA = new Host(ns("a"), "10.0.1.2");
        callerB = new Host(ns("b"), "10.0.2.2");
        String pub = ns("pub");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            Files.createDirectories(logDir);
            for (String ns : List.of(pub, server.ns(), natA.ns(), natB.ns(), callerA.ns(), callerB.ns())) {
                addNamespace(ns);
            }
            run("ip", "-n", pub, "link", "add", "br0", "type", "bridge");
            run("ip", "-n", pub, "addr", "add", INTERNET + "/15", "dev", "br0");
            run("ip", "-n", pub, "link", "set", "br0", "up");
            publicSide(pub, "srv", server);
            publicSide(pub, "natA", natA);
            publicSide(pub, "natB", natB);
            lan(natA, callerA, "10.0.1.1", mapping);
            lan(natB, callerB, "10.0.2.1", mapping);
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Builds a fresh lab, first deleting what crashed earlier runs left behind. */
    public static NetLab create(Mapping mapping) {
        removeLeftovers();
        return new NetLab(mapping);
    }

    public Host server() {
        return server;
    }

    public Host callerA() {
        return callerA;
    }

    public Host callerB() {
        return callerB;
    }

    /**
     * The rest of the internet: the bridge's namespace, at the default route's address, with no
     * NAT and no filter. A program listening on an address added here ({@link #addAddress}) is a
     * host that the server reaches through its default route.
     */
    public Host internet() {
        return new Host(ns("pub"), INTERNET);
    }

    /**
     * Gives {@code host} one more address on its public side (the bridge for {@link #internet()},
     * {@code eth0} elsewhere), e.g. a private one for a server's LAN, {@code 10.99.0.1/32}.
     */
    public void addAddress(Host host, String cidr) {
        String dev = host.ns().equals(ns("pub")) ? "br0" : "eth0";
        run("ip", "-n", host.ns(), "addr", "add", cidr, "dev", dev);
    }

    /** The public address callers behind {@code caller}'s NAT appear with. */
    public String publicAddressOf(Host caller) {
        return (caller.equals(callerA) ? natA : natB).address();
    }

    /** Where the lab's process logs go (under target/, kept for debugging). */
    public Path logDir() {
        return logDir;
    }

    /** Runs a command inside {@code host}'s namespace; returns its stdout, fails with its stderr. */
    public String exec(Host host, String... command) {
        return exec(Duration.ofSeconds(30), host, command);
    }

    /** As {@link #exec(Host, String...)}, killing the command after {@code timeout}. */
    public String exec(Duration timeout, Host host, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.ns()));
        full.addAll(List.of(command));
        return run(timeout, full.toArray(String[]::new));
    }

    /**
     * Starts a long-running program inside {@code host}'s namespace, stdout and stderr to
     * {@code <logDir>/<logName>.log}; it is stopped when the lab closes.
     */
    public Process start(Host host, String logName, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.ns()));
        full.addAll(command);
        Path log = logDir.resolve(logName + ".log");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + full, e);
        }
    }

    /**
     * An executable that runs {@code program} inside {@code host}'s namespace with the arguments
     * it is given: {@code ip netns exec} execs the program, so its pid and inherited file
     * descriptors (Playwright's pipe to Chromium) stay as the caller set them up. Its stderr goes
     * to the lab's log directory.
     */
    public Path wrapper(Host host, String program) {
        Path script = logDir.resolve(host.ns() + "-" + Path.of(program).getFileName() + ".sh").toAbsolutePath();
        try {
            Path log = logDir.resolve(host.ns() + "-" + Path.of(program).getFileName() + ".log").toAbsolutePath();
            Files.writeString(script, "#!/bin/sh\nexec ip netns exec " + host.ns() + " " + program + " \"$@\" 2>>" + log + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return script;
    }

    /** Stops every program started in the lab, then deletes its namespaces (and so every interface and rule). */
    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // closing from the hook itself
        }
        for (Process p : processes) {
            Commands.stop(p.toHandle());
        }
        for (String ns : namespaces.reversed()) {
            deleteNamespace(ns);
        }
        namespaces.clear();
        processes.clear();
    }

    private String ns(String role) {
        return name + "-" + role;
    }

    private void addNamespace(String ns) {
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        // IPv4 only: fewer candidates and no link-local IPv6 path that skips the NATs.
        writeSysctl(ns, "net/ipv6/conf/all/disable_ipv6", "1");
        writeSysctl(ns, "net/ipv6/conf/default/disable_ipv6", "1");
    }

    /** A veth from the public bridge to {@code host}, whose end is {@code eth0} with its public /15 address. */
    private void publicSide(String pub, String port, Host host) {
        run("ip", "-n", pub, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host.ns());
        run("ip", "-n", pub, "link", "set", port, "master", "br0", "up");
        run("ip", "-n", host.ns(), "addr", "add", host.address() + "/15", "dev", "eth0");
        run("ip", "-n", host.ns(), "link", "set", "eth0", "up");
        run("ip", "-n", host.ns(), "route", "add", "default", "via", INTERNET);
    }

    /** The caller's LAN behind {@code nat}: a veth {@code lan0}–{@code eth0}, the NAT's rules, the default route. */
    private void lan(Host nat, Host caller, String gateway, Mapping mapping) {
        run("ip", "-n", nat.ns(), "link", "add", "lan0", "type", "veth", "peer", "name", "eth0", "netns", caller.ns());
        run("ip", "-n", nat.ns(), "addr", "add", gateway + "/24", "dev", "lan0");
        run("ip", "-n", nat.ns(), "link", "set", "lan0", "up");
        run("ip", "-n", caller.ns(), "addr", "add", caller.address() + "/24", "dev", "eth0");
        run("ip", "-n", caller.ns(), "link", "set", "eth0", "up");
        run("ip", "-n", caller.ns(), "route", "add", "default", "via", gateway);
        writeSysctl(nat.ns(), "net/ipv4/ip_forward", "1");

        List<String> masquerade = new ArrayList<>(List.of("iptables", "-w", "-t", "nat", "-A", "POSTROUTING",
                "-o", "eth0", "-j", "MASQUERADE"));
        if (mapping == Mapping.RANDOM) {
            masquerade.add("--random-fully");
        }
        exec(nat, masquerade.toArray(String[]::new));
        // Only replies come in. Unsolicited packets are dropped on INPUT too, not just FORWARD:
        // a dropped packet never gets a conntrack entry, whereas an accepted one addressed to the
        // NAT itself would hold the reply tuple that the caller's own outgoing packet to the same
        // peer needs a moment later, and Linux would then map that packet to another port.
        for (String chain : List.of("FORWARD", "INPUT")) {
            exec(nat, "iptables", "-w", "-A", chain, "-i", "eth0", "-m", "conntrack",
                    "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
            exec(nat, "iptables", "-w", "-A", chain, "-i", "eth0", "-j", "DROP");
        }
    }

    /**
     * Through /proc rather than the sysctl tool (not on every minimal image): a process inside a
     * namespace sees that namespace's net.* settings there.
     */
    private void writeSysctl(String ns, String key, String value) {
        run("ip", "netns", "exec", ns, "sh", "-c", "echo " + value + " > /proc/sys/" + key);
    }

    /**
     * Deletes labs whose creating JVM is gone (a crashed or killed run); a lab of a JVM that is
     * still running is left alone.
     */
    private static void removeLeftovers() {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String ns = line.strip().split(" ")[0];
            if (!ns.startsWith(PREFIX)) {
                continue;
            }
            String pid = ns.substring(PREFIX.length()).split("-")[0];
            boolean ownerAlive = pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
            if (!ownerAlive) {
                deleteNamespace(ns);
            }
        }
    }

    /** Stops what still runs inside (it would keep the namespace alive), then deletes it. */
    private static void deleteNamespace(String ns) {
        try {
            for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(Commands::stop);
                }
            }
            run("ip", "netns", "del", ns);
        } catch (IllegalStateException e) {
            System.err.println("[netlab] " + e.getMessage());
        }
    }
}
