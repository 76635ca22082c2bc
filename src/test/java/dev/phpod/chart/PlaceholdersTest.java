package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.phpod.generate.FileSet;
import dev.phpod.generate.Placeholders;
import dev.phpod.generate.ProjectGenerator;
import dev.phpod.project.Descriptor;
import dev.phpod.project.Project;
import io.quarkus.test.junit.QuarkusTest;

/**
 * In the spirit of helm create's test: a project whose every value differs from the skeletons'
 * placeholders, and a walk through every file phpod generates for it, looking for any placeholder
 * left behind (a release command that names the skeleton's image releases nothing).
 */
@QuarkusTest
class PlaceholdersTest {

    @Test
    void noGeneratedFileKeepsAPlaceholder() {
        Project p = Descriptor.parse("phpod.yaml", """
                phpod: "0.1.0"
                name: blog
                image: reg.example.org/team/blog:2.0
                codePath: /srv/app
                preset: drupal
                environments: [dev, prod]
                """, "0.1.0");
        FileSet files = ProjectGenerator.generate(p, null);
        List<String> leftovers = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
            String text = new String(f.getValue(), StandardCharsets.UTF_8);
            for (String token : List.of(Placeholders.NAME, Placeholders.REPOSITORY, Placeholders.CODE_PATH)) {
                int at = text.indexOf(token);
                if (at >= 0) {
                    int line = text.substring(0, at).split("\n", -1).length;
                    leftovers.add(f.getKey() + ":" + line + ": " + text.lines().skip(line - 1).findFirst().orElse(""));
                }
            }
        }
        assertTrue(files.files().size() > 40, "walked " + files.files().size() + " files");
        assertTrue(leftovers.isEmpty(), "placeholders left:\n" + String.join("\n", leftovers));
    }
}
