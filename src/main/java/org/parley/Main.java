package org.parley;

import org.parley.auth.TokenCommand;
import org.parley.config.CliOptions;
import org.parley.config.Config;
import java.util.Arrays;
import org.parley.config.ConfigException;
import org.parley.config.LinkCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code java -jar parley.jar [options]}: parse the configuration, start, stop on SIGTERM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        skipJettysMemoryProbe();
        if (args.length > 0 && args[0].equals("link")) {
            System.exit(subcommand("link", new LinkCommand(), Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(subcommand("token", new TokenCommand(), Arrays.copyOfRange(args, 1, args.length)));
        }
        CliOptions options = new CliOptions();
        CommandLine cli = new CommandLine(options);
        Config config;
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(System.out);
                return;
            }
            if (cli.isVersionHelpRequested()) {
                cli.printVersionHelp(System.out);
                return;
            }
            options.applyConfigFile(parsed, System.getenv());
            config = options.config();
        } catch (CommandLine.ParameterException | ConfigException e) {
            System.err.println("parley: " + e.getMessage());
            System.err.println("Run with --help for every option.");
            System.exit(2);
            return;
        }
        LogSetup.apply(config.logging());
        Logger log = LoggerFactory.getLogger(Main.class);
        Parley parley;
        try {
            parley = Parley.start(config);
        } catch (ConfigException e) { // a key file that exists but does not fit (read at start)
            System.err.println("parley: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(parley::close, "parley-shutdown"));
        drainOnSignals(parley, config, log);
        String shown = shownHost(config.host());
        log.info("Parley is up: open {}://{}:{}/ in two browser windows", config.httpsOn() ? "https" : "http",
                config.https().acme().enabled() ? config.https().acme().domain() : shown, parley.port());
    }

    /**
     * Jetty sizes its queues' padding by asking the JVM, through JMX, whether object references
     * are compressed; that first JMX call starts the platform MBean server (and the JFR help it
     * describes), some 0.2 s of the start-up on one core. The answer follows from the heap size:
     * below 32 GiB references are compressed, 4 bytes, 16 to a 64-byte cache line.
     */
    private static void skipJettysMemoryProbe() {
        String key = "org.eclipse.jetty.util.referencesPerCacheLine";
        if (System.getProperty(key) == null) {
            System.setProperty(key, Runtime.getRuntime().maxMemory() < (32L << 30) ? "16" : "8");
        }
    }

    /** "localhost" for loopback and all-interfaces binds; another address only with --log-ips. */
    private static String shownHost(String host) {
        try {
            java.net.InetAddress a = java.net.InetAddress.ofLiteral(host);
            return a.isAnyLocalAddress() || a.isLoopbackAddress() ? "localhost"
                    : org.parley.config.LogPrivacy.address(host, "--host");
        } catch (IllegalArgumentException name) {
            return host;
        }
    }

    /**
     * SIGTERM (and Ctrl-C) drain: readiness goes false, new rooms and joins are refused, calls in
     * progress go on up to {@code --drain-timeout}, then the process exits 0. A second signal
     * exits at once.
     */
    private static void drainOnSignals(Parley parley, Config config, Logger log) {
        java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
        sun.misc.SignalHandler handler = signal -> {
            if (!draining.compareAndSet(false, true)) {
                log.warn("Second {}: exiting now", signal.getName());
                Runtime.getRuntime().halt(1);
            }
            Thread.ofPlatform().name("parley-drain").start(() -> {
                log.info("{}: draining; calls in progress may go on for up to {}", signal.getName(),
                        org.parley.config.Durations.format(config.drainTimeout()));
                boolean ended = parley.drain(config.drainTimeout());
                log.info(ended ? "Drained: no call is running; exiting" : "Drain timeout passed; exiting");
                parley.close();
                System.exit(0);
            });
        };
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
    }

    /**
     * {@code parley link ...} prints a named room's standing link ({@link LinkCommand});
     * {@code parley token ...} an access token and its link ({@link TokenCommand}).
     */
    private static int subcommand(String name, Object command, String[] args) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            System.err.println("parley " + name + ": " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }
}
