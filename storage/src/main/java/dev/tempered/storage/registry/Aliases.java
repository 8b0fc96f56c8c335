package dev.tempered.storage.registry;

import java.util.List;

/** The registry's two aliases. */
public final class Aliases {
    /** The newest registered version: what a promotion request proposes. */
    public static final String CANDIDATE = "candidate";
    /** What the Chat page and {@code tempered chat --alias production} serve. */
    public static final String PRODUCTION = "production";

    public static final List<String> ALL = List.of(CANDIDATE, PRODUCTION);

    /** The default model name: the chat model that sft, ppo and rlvr all train. */
    public static final String DEFAULT_MODEL = "chat";

    private Aliases() {}

    /** @throws RegistryException naming the known aliases when {@code alias} is none of them */
    public static String require(String alias) {
        if (!ALL.contains(alias)) {
            throw new RegistryException("unknown alias '" + alias + "'; expected one of " + ALL);
        }
        return alias;
    }
}
