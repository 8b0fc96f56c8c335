package dev.tempered.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * URLs of the static files pages link to, in one place. WebJar URLs carry the library version,
 * which is read from the WebJar's own Maven metadata so that a version bump in the parent pom
 * cannot leave a dead link behind.
 */
public final class Assets {
    public static final String CSS = "/static/tempered.css";
    public static final String PLAYGROUND_JS = "/static/playground.js";
    public static final String CHAT_JS = "/static/chat.js";
    public static final String HTMX = "/webjars/htmx.org/" + webjarVersion("htmx.org") + "/dist/htmx.min.js";

    private Assets() {}

    private static String webjarVersion(String artifact) {
        String path = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Assets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("WebJar org.webjars.npm:" + artifact + " is not on the classpath ("
                        + path + " missing); add it to web-ui/pom.xml");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path, e);
        }
    }
}
