package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} and {@code -h} work on every command of the tree, printing that command's usage. */
class HelpOnEveryCommandTest {
    private static void collect(CommandLine command, List<String> path, List<List<String>> all) {
        all.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, all);
        });
    }

    private static String[] run(List<String> args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run(args.toArray(String[]::new));
        } finally {
            System.setOut(old);
        }
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void everyCommandPrintsItsUsageForHelp() {
        List<List<String>> commands = new ArrayList<>();
        collect(Main.commandLine(), List.of(), commands);
        assertTrue(commands.size() > 15, "the tree has the commands and their subcommands: " + commands);
        for (List<String> path : commands) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                String[] result = run(args);
                assertEquals("0", result[0], String.join(" ", args) + " exits 0; printed: " + result[1]);
                String usage = ("Usage: tempered " + String.join(" ", path)).strip();
                assertTrue(result[1].startsWith(usage), String.join(" ", args) + " prints " + result[1]);
            }
        }
    }
}
