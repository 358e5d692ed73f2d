package io.sockwatch.agent.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Defines the module {@code io.sockwatch.libc} (package {@code io.sockwatch.agent.kernel.libc}, read from this
 * jar) in a module layer of its own over sockwatch's class loader, and enables native access for it alone.
 * Native access is a flag per named module, but one flag for all unnamed modules: granting it to sockwatch's
 * unnamed module would grant it to the application's class path too, and calling a restricted method without it
 * prints a warning on the host's stderr. The module is exported to sockwatch's unnamed module only, so no
 * application class can reach its bound functions.
 */
final class LibcModule {
    private static final String NAME = "io.sockwatch.libc";
    private static final String PACKAGE = "io.sockwatch.agent.kernel.libc";

    private LibcModule() {
    }

    /** The libc calls, bound in a new {@code io.sockwatch.libc} module. */
    static SocketCalls load(Instrumentation inst) throws ReflectiveOperationException, URISyntaxException {
        ClassLoader agentLoader = LibcModule.class.getClassLoader();
        Module agent = agentLoader.getUnnamedModule();
        URI jar = LibcModule.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        ModuleReference reference = new JarModule(
                ModuleDescriptor.newModule(NAME).packages(Set.of(PACKAGE)).build(), jar, agentLoader);
        Configuration config = ModuleLayer.boot().configuration()
                .resolve(new OneModule(reference), ModuleFinder.of(), Set.of(NAME));
        ModuleLayer.Controller layer = ModuleLayer.defineModulesWithOneLoader(config, List.of(ModuleLayer.boot()),
                agentLoader);
        Module libc = layer.layer().findModule(NAME).orElseThrow();
        layer.addReads(libc, agent); // it implements SocketCalls
        layer.addExports(libc, PACKAGE, agent);
        // what LibcSocketCalls.bind needs to enable native access for its module; opened to that module alone
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(libc)),
                Set.of(), Map.of());
        Class<?> calls = Class.forName(PACKAGE + ".LibcSocketCalls", true, layer.layer().findLoader(NAME));
        return (SocketCalls) calls.getMethod("bind").invoke(null);
    }

    /** The module's classes, as sockwatch's loader finds them in the jar (META-INF/versions/22). */
    private static final class JarModule extends ModuleReference {
        private final ClassLoader agentLoader;

        JarModule(ModuleDescriptor descriptor, URI jar, ClassLoader agentLoader) {
            super(descriptor, jar);
            this.agentLoader = agentLoader;
        }

        @Override
        public ModuleReader open() {
            return new ModuleReader() {
                @Override
                public Optional<URI> find(String name) throws IOException {
                    URL url = agentLoader.getResource(name);
                    try {
                        return url == null ? Optional.empty() : Optional.of(url.toURI());
                    } catch (URISyntaxException e) {
                        throw new IOException(e);
                    }
                }

                @Override
                public Optional<InputStream> open(String name) {
                    return Optional.ofNullable(agentLoader.getResourceAsStream(name));
                }

                @Override
                public Stream<String> list() {
                    return Stream.empty();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static final class OneModule implements ModuleFinder {
        private final ModuleReference module;

        OneModule(ModuleReference module) {
            this.module = module;
        }

        @Override
        public Optional<ModuleReference> find(String name) {
            return module.descriptor().name().equals(name) ? Optional.of(module) : Optional.empty();
        }

        @Override
        public Set<ModuleReference> findAll() {
            return Set.of(module);
        }
    }
}
