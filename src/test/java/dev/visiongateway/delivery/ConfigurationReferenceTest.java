package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * docs/configuration.md is the one configuration reference: it must name every property of the {@code @ConfigMapping}
 * interfaces, with its environment variable and the default the code has, and no {@code gateway.*} property that
 * does not exist.
 */
class ConfigurationReferenceTest {

    private static final Path REFERENCE = Path.of("docs/configuration.md");
    private static final Pattern ROW = Pattern.compile(
            "^\\| `([a-z0-9.<>-]+)(?:\\.\\*)?` \\| `([A-Z0-9_<>.]+)`[^|]*\\| ([^|]*) \\|",
            Pattern.MULTILINE);

    /** A property as documented: its environment variable and default cell. */
    private record Documented(String environment, String defaultCell) {
    }

    @Test
    void everyMappedPropertyIsDocumentedWithItsEnvironmentVariableAndDefault() throws IOException {
        Map<String, Documented> documented = documented();
        Map<String, Optional<String>> mapped = mapped();
        assertThat(mapped).as("the @ConfigMapping interfaces were found").hasSizeGreaterThan(40);
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, Optional<String>> property : mapped.entrySet()) {
            String name = property.getKey();
            Documented row = documented.get(name);
            if (row == null) {
                softly.fail("%s is not in %s", name, REFERENCE);
                continue;
            }
            if (!name.contains("<")) {
                softly.assertThat(row.environment()).as("the environment variable of %s", name)
                        .isEqualTo(name.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"));
            }
            property.getValue().ifPresentOrElse(value -> softly.assertThat(row.defaultCell())
                    .as("the default of %s", name).isEqualTo("`" + value + "`"),
                    () -> softly.assertThat(row.defaultCell()).as("%s has no default in the code", name)
                            .doesNotStartWith("`"));
        }
        softly.assertAll();
    }

    @Test
    void everyDocumentedGatewayPropertyExists() throws IOException {
        Map<String, Optional<String>> mapped = mapped();
        assertThat(documented().keySet().stream().filter(name -> name.startsWith("gateway.")))
                .allSatisfy(name -> assertThat(mapped).as("%s in %s is a property of the code", name, REFERENCE)
                        .containsKey(name));
    }

    private static Map<String, Documented> documented() throws IOException {
        Map<String, Documented> rows = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(REFERENCE));
        while (row.find()) {
            rows.put(row.group(1), new Documented(row.group(2), row.group(3).strip()));
        }
        return rows;
    }

    /** Every leaf property of the gateway's mappings, with its {@code @WithDefault}. */
    private static Map<String, Optional<String>> mapped() {
        Map<String, Optional<String>> properties = new TreeMap<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.visiongateway").stream()
                .filter(type -> type.isAnnotatedWith(ConfigMapping.class))
                .forEach(type -> {
                    Class<?> mapping = type.reflect();
                    collect(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), properties);
                });
        return properties;
    }

    private static void collect(Class<?> group, String prefix, Map<String, Optional<String>> properties) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String name = prefix + "." + name(method);
            Type type = method.getGenericReturnType();
            Class<?> raw = method.getReturnType();
            if (raw == Map.class) {
                Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
                collectGroupOrLeaf((Class<?>) value, name + ".<name>", properties, method);
            } else {
                collectGroupOrLeaf(raw, name, properties, method);
            }
        }
    }

    private static void collectGroupOrLeaf(Class<?> type, String name, Map<String, Optional<String>> properties,
            Method method) {
        if (type.isInterface() && type.getName().startsWith("dev.visiongateway.")) {
            collect(type, name, properties);
        } else {
            WithDefault value = method.getAnnotation(WithDefault.class);
            properties.put(name, Optional.ofNullable(value).map(WithDefault::value));
        }
    }

    private static String name(Method method) {
        WithName named = method.getAnnotation(WithName.class);
        return named != null ? named.value()
                : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                        .toLowerCase(Locale.ROOT);
    }
}
