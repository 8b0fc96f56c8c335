package dev.tempered.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import java.util.Map;

/**
 * Renders the templates under {@code src/main/jte}, which the jte Maven plugin compiles to classes at
 * build time: nothing is parsed or compiled while serving, and a template error fails the build.
 * Output is HTML-escaped by jte in text and attribute positions.
 */
final class JteRenderer implements FileRenderer {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    @Override
    public String render(String template, Map<String, ?> model, Context ctx) {
        return render(template, model);
    }

    @SuppressWarnings("unchecked")
    String render(String template, Map<String, ?> model) {
        StringOutput out = new StringOutput();
        engine.render(template, (Map<String, Object>) model, out);
        return out.toString();
    }
}
