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
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(System.out);
                return;
            }
            if (cli.isVersionHelpRequested()) {
                cli.printVersionHelp(System.out);
                return;
            }
            config = options.config();
        } catch (CommandLine.ParameterException | ConfigException e) {
            System.err.println("parley: " + e.getMessage());
            System.err.println("Run with --help for every option.");
            System.exit(2);
            return;
        }
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
        String shown = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        log.info("Parley is up: open http://{}:{}/ in two browser windows", shown, parley.port());
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
