package io.shaozi.core.app;

import io.shaozi.config.ConfigException;
import io.shaozi.core.config.ShaoziConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The common start of {@code ./bot import KIND FILE.csv [--data DIR] [--config FILE]} ({@link ImportPeople},
 * {@link ImportQuestions}): checks the arguments, reads the file, loads the configuration as {@code serve} does and
 * makes sure the embedded database's directory exists. Each refusal is printed on {@code err} with its exit code.
 */
sealed interface ImportInput {
    /** Ready to import: the file's bytes and the configuration. */
    record Ready(Path file, byte[] bytes, ShaoziConfig config, Main.ServeFlags flags) implements ImportInput {
    }

    /** Stop with this exit code (2 usage, 1 unreadable file or data directory, 78 configuration); already printed. */
    record Exit(int code) implements ImportInput {
    }

    static ImportInput read(String kind, String usage, List<String> args, PrintStream err) {
        if (args.size() < 2 || !kind.equals(args.get(0)) || args.get(1).startsWith("--")) {
            err.println(usage);
            return new Exit(2);
        }
        Path file = Path.of(args.get(1));
        Main.ServeFlags flags;
        try {
            List<String> rest = new ArrayList<>(args.subList(2, args.size()));
            if (rest.stream().anyMatch(a -> a.startsWith("--port"))) {
                throw new IllegalArgumentException("unknown flag for import: --port");
            }
            flags = Main.parseServe(rest);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage().replace("for serve", "for import"));
            err.println(usage);
            return new Exit(2);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return new Exit(1);
        }
        ShaoziConfig config;
        try {
            config = Main.loadConfig(flags).config();
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            return new Exit(78);
        }
        ShaoziConfig.Storage st = config.storage();
        try {
            if (st.url().isEmpty()) {
                Files.createDirectories(st.dataDir());
            }
        } catch (IOException e) {
            err.println("cannot create " + st.dataDir() + ": " + e.getMessage());
            return new Exit(1);
        }
        return new Ready(file, bytes, config, flags);
    }
}
