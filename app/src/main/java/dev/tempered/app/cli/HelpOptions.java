package dev.tempered.app.cli;

import picocli.CommandLine;

/**
 * Gives every command in the tree {@code -h/--help} and {@code -V/--version}, as the top command
 * has through {@code mixinStandardHelpOptions}: done once here rather than on each annotation, so
 * a new subcommand cannot be added without them.
 */
public final class HelpOptions {
    private HelpOptions() {}

    public static CommandLine addEverywhere(CommandLine root) {
        String[] version = root.getCommandSpec().version();
        add(root, version);
        return root;
    }

    private static void add(CommandLine command, String[] version) {
        var spec = command.getCommandSpec();
        if (!spec.mixinStandardHelpOptions()) spec.mixinStandardHelpOptions(true);
        if (spec.version().length == 0) spec.version(version);
        for (CommandLine sub : command.getSubcommands().values()) add(sub, version);
    }
}
