package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.QualityGate;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Accounts of the labeling UI: {@code users add NAME --role labeler|reviewer|admin} (the password
 * from stdin with {@code --password-stdin}, otherwise generated and printed once), {@code users list},
 * {@code users disable NAME}, {@code users resume NAME --project ID} (lift the gold gate's pause of
 * a labeler in a project). Every change is written to the audit log as done by the CLI.
 */
@Command(
        name = "users",
        description = "Manage labeling accounts: add, list, disable, resume.",
        subcommands = {
            UsersCommand.Add.class,
            UsersCommand.ListUsers.class,
            UsersCommand.Disable.class,
            UsersCommand.Resume.class
        })
public final class UsersCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println(
                "usage: tempered users add NAME --role labeler|reviewer|admin | users list | users disable NAME"
                        + " | users resume NAME --project ID");
        return 2;
    }

    @Command(name = "add", description = "Create an account; prints a generated password once unless --password-stdin.")
    static final class Add implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--role", required = true, description = "labeler, reviewer or admin.")
        String role;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() throws Exception {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            String password;
            if (passwordStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? "" : line;
            } else {
                password = UserStore.generatePassword();
            }
            try (Platform platform = Platform.connect(global.config(), false)) {
                UserStore users = new UserStore(platform.lineage().dataSource());
                User u = users.create(name, r, password);
                users.audit(null, "cli", "user.add", Map.of("name", name, "role", r.wireName()), null);
                System.out.println("added " + u.name() + " (" + r.wireName() + ")");
                if (!passwordStdin)
                    System.out.println("password: " + password + "   (shown once; not stored in clear)");
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", description = "List accounts with their role and state.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Override
        public Integer call() {
            try (Platform platform = Platform.connect(global.config(), false)) {
                print(new UserStore(platform.lineage().dataSource()).list(), System.out);
                return 0;
            }
        }
    }

    @Command(name = "disable", description = "Disable an account and end its sessions.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Platform platform = Platform.connect(global.config(), false)) {
                UserStore users = new UserStore(platform.lineage().dataSource());
                users.disable(name);
                users.audit(null, "cli", "user.disable", Map.of("name", name), null);
                System.out.println("disabled " + name);
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "resume",
            description = "Lift the gold-accuracy gate's pause of a labeler in a project; the gate then counts only"
                    + " their gold answers from now on.")
    static final class Resume implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--project", required = true, description = "The labeling project (the label stage's id).")
        String project;

        @Override
        public Integer call() {
            try (Platform platform = Platform.connect(global.config(), false)) {
                UserStore users = new UserStore(platform.lineage().dataSource());
                if (new LabelStore(platform.lineage().dataSource())
                        .project(project)
                        .isEmpty()) {
                    System.err.println(
                            "no labeling project " + project + "; its id is the label stage's, see the dashboard");
                    return 1;
                }
                User u = users.byName(name).orElse(null);
                if (u == null) {
                    System.err.println("no account named " + name + "; see: tempered users list");
                    return 1;
                }
                var lifted = new QualityGate(platform.lineage().dataSource()).resume(project, u.id(), "cli");
                if (lifted.isEmpty()) {
                    System.err.println("labeler " + name + " is not paused in project " + project);
                    return 1;
                }
                users.audit(
                        null,
                        "cli",
                        "labeler.resume",
                        Map.of(
                                "project",
                                project,
                                "labeler",
                                name,
                                "gold_judged",
                                lifted.get().goldJudged(),
                                "gold_correct",
                                lifted.get().goldCorrect()),
                        null);
                System.out.println("resumed " + name + " in " + project + " (paused at "
                        + lifted.get().goldCorrect() + " of " + lifted.get().goldJudged()
                        + " gold right; counting afresh from now)");
                return 0;
            }
        }
    }

    static void print(java.util.List<User> users, PrintStream out) {
        out.printf("%-24s %-9s %-9s %s%n", "NAME", "ROLE", "STATE", "CREATED");
        for (User u : users) {
            out.printf(
                    "%-24s %-9s %-9s %s%n",
                    u.name(), u.role().wireName(), u.disabled() ? "disabled" : "active", u.createdAt());
        }
    }
}
