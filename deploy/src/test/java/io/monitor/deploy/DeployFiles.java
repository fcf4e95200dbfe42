package io.monitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Finds and reads the deployment files of {@code deploy/} and the sources of the app next to it.
 * YAML is read with SnakeYAML (which resolves the {@code <<} merge keys compose files use), JSON with Jackson.
 */
final class DeployFiles {
    static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {
    }

    /** {@code deploy/}: Surefire runs in the module directory; an IDE may run in the repository root. */
    static Path deployDir() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(here.resolve("compose/compose.yaml"))) {
            return here;
        }
        if (Files.isRegularFile(here.resolve("deploy/compose/compose.yaml"))) {
            return here.resolve("deploy");
        }
        throw new IllegalStateException("cannot find deploy/ from " + here);
    }

    static Path repoDir() {
        return deployDir().getParent();
    }

    static Path deploy(String relative) {
        return deployDir().resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object yaml(Path file) {
        return newYaml().load(read(file));
    }

    /** Every document of a multi-document YAML file (Kubernetes manifests), empty ones left out. */
    static List<Object> yamlDocuments(Path file) {
        List<Object> docs = new ArrayList<>();
        for (Object doc : newYaml().loadAll(read(file))) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

    /** The deployment files themselves (not the Maven module's own build and test files). */
    static List<Path> deploymentFiles(String... extensions) {
        Path root = deployDir();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).startsWith("target") && !root.relativize(p).startsWith("src"))
                    .filter(p -> extensions.length == 0 || Stream.of(extensions).anyMatch(e -> p.toString().endsWith("." + e)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All Java sources under {@code ../monitor-* /src/main/java}. */
    static List<Path> appSources() {
        try (Stream<Path> modules = Files.list(repoDir())) {
            List<Path> out = new ArrayList<>();
            for (Path m : modules.filter(p -> p.getFileName().toString().startsWith("monitor-")).sorted().toList()) {
                Path src = m.resolve("src/main/java");
                if (Files.isDirectory(src)) {
                    try (Stream<Path> files = Files.walk(src)) {
                        files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(out::add);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new AssertionError(what + " should be a mapping but is " + o);
        }
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new AssertionError(what + " should be a list but is " + o);
        }
        return (List<Object>) l;
    }

    /** Follows a path of mapping keys; null when a key is missing. */
    static Object at(Object root, String... keys) {
        Object node = root;
        for (String k : keys) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(k);
        }
        return node;
    }

    static String str(Object o) {
        return o == null ? null : Objects.toString(o);
    }
}
