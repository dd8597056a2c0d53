package io.shaozi.core.app;

import io.shaozi.config.ConfigException;
import io.shaozi.core.config.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ./bot} entry point: {@code serve}, {@code classify}, {@code train}, {@code eval}, {@code import}, {@code help}. */
public final class Main {
    static final String USAGE = """
            usage: ./bot <command> [options]
              serve [--port N] [--data DIR] [--config FILE]   run the server (embedded H2 under DIR, default ./data)
              classify TEXT [--config FILE]                  analyse one resident message, print JSON (with the
                                                             department its ticket is dispatched to)
              train --data CSV[,CSV...] [--out FILE]         train the request classifier
              train --from-store --data CSV[,CSV...] [--config FILE] [--out FILE]
                                                             add dispatchers' corrections; promote if not worse
              eval --data CSV[,CSV...] [--model FILE]        evaluate the classifier (accuracy, macro-F1, per class)
              import people FILE.csv [--data DIR] [--config FILE]
                                                             import people (staff, Party members) from CSV into the
                                                             store, all or nothing; absent people are deactivated
                                                             (stop the server first, or use POST /api/org/people/import)
              import questions FILE.csv [--data DIR] [--config FILE]
                                                             import quiz questions from CSV, all or nothing; updates
                                                             by id (or use POST /api/quiz/questions)
              help                                           this text""";

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0 || !"serve".equals(args.length > 0 ? args[0] : "")) {
            System.exit(code);
        }
    }

    /** Runs a command; returns the exit code ({@code serve} blocks until the JVM is asked to stop). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        switch (args[0]) {
            case "help", "-h", "--help":
                out.println(USAGE);
                return 0;
            case "serve":
                return serve(rest, err);
            case "classify":
                return Classify.run(rest, out, err);
            case "train", "eval":
                if ("train".equals(args[0]) && rest.contains("--from-store")) {
                    return TrainFromStore.run(rest, out, err);
                }
                return Nlp.run(args[0], rest, out, err);
            case "import":
                return !rest.isEmpty() && "questions".equals(rest.get(0))
                        ? ImportQuestions.run(rest, out, err, Clock.systemUTC())
                        : ImportPeople.run(rest, out, err, Clock.systemUTC());
            default:
                err.println("unknown command: " + args[0]);
                err.println(USAGE);
                return 2;
        }
    }

    /** Parsed {@code serve} flags. */
    record ServeFlags(Optional<Path> config, Map<String, String> overrides) {
    }

    /** Parses {@code serve} flags; throws {@link IllegalArgumentException} naming a bad or unknown flag. */
    static ServeFlags parseServe(List<String> args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        Optional<Path> config = Optional.empty();
        List<String> a = new ArrayList<>(args);
        for (int i = 0; i < a.size(); i++) {
            String flag = a.get(i);
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < a.size()) {
                value = a.get(++i);
            } else {
                value = null;
            }
            switch (flag) {
                case "--port", "--data", "--config" -> {
                    if (value == null || value.isEmpty()) {
                        throw new IllegalArgumentException("flag " + flag + " needs a value");
                    }
                }
                default -> throw new IllegalArgumentException("unknown flag for serve: " + flag);
            }
            switch (flag) {
                case "--port" -> overrides.put("server.port", value);
                case "--data" -> overrides.put("storage.dataDir", value);
                default -> config = Optional.of(Path.of(value));
            }
        }
        return new ServeFlags(config, overrides);
    }

    /** The install directory ({@code -Dshaozi.home}, set by {@code ./bot}); relative config paths resolve here. */
    static Path home() {
        return Path.of(System.getProperty("shaozi.home", "."));
    }

    static ConfigLoader.Loaded loadConfig(ServeFlags flags) {
        return ConfigLoader.load(Optional.of(home().resolve("config/shaozi.yaml")), flags.config(), System.getenv(),
                flags.overrides());
    }

    /** Logs the effective configuration once, secrets masked. */
    static void logEffectiveConfig(ConfigLoader.Loaded loaded) {
        LoggerFactory.getLogger(Main.class).info("effective configuration:{}", loaded.describe());
    }

    private static int serve(List<String> args, PrintStream err) {
        ServeFlags flags;
        try {
            flags = parseServe(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        ConfigLoader.Loaded loaded;
        try {
            loaded = loadConfig(flags);
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            return 78;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        logEffectiveConfig(loaded);
        CountDownLatch stopped = new CountDownLatch(1);
        App app;
        try {
            app = App.start(loaded.config(), Clock.systemDefaultZone());
        } catch (Exception e) {
            err.println("cannot start the server: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            app.close();
            stopped.countDown();
        }, "shaozi-shutdown"));
        try {
            app.awaitReady(Duration.ofMinutes(2));
        } catch (ExecutionException e) {
            err.println("cannot open the store: " + e.getCause().getMessage());
            return 1;
        } catch (Exception e) {
            err.println("store did not become ready: " + e);
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
