package io.monitor.deploy;

import io.monitor.core.kafka.Topic;
import io.monitor.core.kafka.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the app really is, read from its build files and sources at test time (never copied into the tests):
 * the jar name, main class, subcommands and their options, HTTP paths, topics, modules and the Kafka version.
 */
final class AppFacts {
    private AppFacts() {
    }

    static Path appModule() {
        return DeployFiles.repoDir().resolve("monitor-app");
    }

    static Document pom(Path pom) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + pom, e);
        }
    }

    private static String firstText(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    /** The executable jar the shade plugin writes ({@code <outputFile>}), relative to the repository. */
    static String jarPath() {
        String out = firstText(pom(appModule().resolve("pom.xml")), "outputFile");
        if (out == null || !out.startsWith("${project.build.directory}/")) {
            throw new AssertionError("monitor-app/pom.xml: the shade plugin needs <outputFile>${project.build.directory}/"
                    + "NAME.jar</outputFile>, a name without the version");
        }
        return "monitor-app/target/" + out.substring("${project.build.directory}/".length());
    }

    static String mainClass() {
        return firstText(pom(appModule().resolve("pom.xml")), "mainClass");
    }

    /** The reactor's modules, from the parent pom. */
    static List<String> modules() {
        NodeList nodes = pom(DeployFiles.repoDir().resolve("pom.xml")).getElementsByTagName("module");
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }

    /** The reactor modules the app is built from (io.monitor dependencies of monitor-app, transitively), and itself. */
    static Set<String> appModules() {
        Set<String> out = new LinkedHashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(List.of("monitor-app"));
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (!out.add(module)) {
                continue;
            }
            NodeList deps = pom(DeployFiles.repoDir().resolve(module).resolve("pom.xml")).getElementsByTagName("dependency");
            for (int i = 0; i < deps.getLength(); i++) {
                Element d = (Element) deps.item(i);
                String group = d.getElementsByTagName("groupId").item(0).getTextContent().trim();
                String artifact = d.getElementsByTagName("artifactId").item(0).getTextContent().trim();
                if (group.equals("io.monitor") && modules().contains(artifact)) {
                    todo.push(artifact);
                }
            }
        }
        return out;
    }

    static String kafkaVersion() {
        Element props = (Element) pom(DeployFiles.repoDir().resolve("pom.xml")).getElementsByTagName("properties").item(0);
        return props.getElementsByTagName("kafka.version").item(0).getTextContent().trim();
    }

    private static String source(String simpleName) {
        Path dir = appModule().resolve("src/main/java");
        try (var files = Files.walk(dir)) {
            Path file = files.filter(p -> p.getFileName().toString().equals(simpleName + ".java")).findFirst()
                    .orElseThrow(() -> new AssertionError("no source of " + simpleName + " under " + dir));
            return DeployFiles.read(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final Pattern SUBCOMMANDS = Pattern.compile("subcommands\\s*=\\s*\\{([^}]*)}");
    private static final Pattern CLASS_REF = Pattern.compile("([A-Za-z_][\\w.]*)\\.class");
    private static final Pattern COMMAND_NAME = Pattern.compile("@Command\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern OPTION_NAMES = Pattern.compile("@Option\\s*\\(\\s*names\\s*=\\s*(\\{[^}]*}|\"[^\"]*\")");
    private static final Pattern LITERAL = Pattern.compile("\"([^\"]*)\"");

    /** Subcommand name → the options it accepts (its own, its mixins', picocli's standard help options). */
    static Map<String, Set<String>> subcommands() {
        String main = source(simpleName(mainClass()));
        Matcher m = SUBCOMMANDS.matcher(main);
        if (!m.find()) {
            throw new AssertionError("no subcommands = {...} in " + mainClass());
        }
        Set<String> common = options(source("CommonOptions"));
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher c = CLASS_REF.matcher(m.group(1));
        while (c.find()) {
            String cls = simpleName(c.group(1));
            if (cls.equals("HelpCommand")) {
                out.put("help", Set.of());
                continue;
            }
            String src = source(cls);
            Matcher name = COMMAND_NAME.matcher(src);
            if (!name.find()) {
                throw new AssertionError(cls + " has no @Command(name = ...)");
            }
            Set<String> opts = new LinkedHashSet<>(options(src));
            if (src.contains("CommonOptions common")) {
                opts.addAll(common);
            }
            opts.addAll(List.of("-h", "--help", "-V", "--version"));
            out.put(name.group(1), opts);
        }
        return out;
    }

    private static Set<String> options(String src) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = OPTION_NAMES.matcher(src);
        while (m.find()) {
            Matcher lit = LITERAL.matcher(m.group(1));
            while (lit.find()) {
                out.add(lit.group(1));
            }
        }
        return out;
    }

    private static String simpleName(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    private static final Pattern CREATE_CONTEXT = Pattern.compile("createContext\\(\\s*\"([^\"]+)\"");
    private static final Pattern PATH_LITERAL = Pattern.compile("\"(/[A-Za-z0-9_./{}-]*)\"");

    /** Paths the small management server of the ingest and streams roles serves (monitor-app). */
    static Set<String> managementPaths() {
        Set<String> out = new LinkedHashSet<>();
        for (Path p : DeployFiles.appSources()) {
            if (p.startsWith(appModule())) {
                Matcher m = CREATE_CONTEXT.matcher(DeployFiles.read(p));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** Path literals in the api module and the app (where the api role's routes and health endpoints are spelled). */
    static Set<String> apiPathLiterals() {
        Set<String> out = new LinkedHashSet<>(managementPathsIfApiUsesThem());
        Path api = DeployFiles.repoDir().resolve("monitor-api");
        for (Path p : DeployFiles.appSources()) {
            if (p.startsWith(api)) {
                Matcher m = PATH_LITERAL.matcher(DeployFiles.read(p));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** When the api command itself starts the management server, its paths count for the api role too. */
    private static Set<String> managementPathsIfApiUsesThem() {
        return source("ApiCommand").contains("ManagementServer") ? managementPaths() : Set.of();
    }

    static Set<String> topicNames() {
        return Topics.all().stream().map(Topic::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
