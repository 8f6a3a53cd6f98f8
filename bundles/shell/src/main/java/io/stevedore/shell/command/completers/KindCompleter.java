package io.stevedore.shell.command.completers;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes resource kinds by plural, singular and short name, also after a comma ({@code pods,dep<TAB>}). */
@Service
public class KindCompleter implements Completer {

    /** Every name a kind can be typed as, plus the "all" category. */
    public static Set<String> kindNames() {
        Set<String> names = new TreeSet<>();
        names.add("all");
        for (ResourceType t : ResourceTypes.all()) {
            names.add(t.plural());
            names.add(t.singular());
            names.addAll(t.shortNames());
        }
        return names;
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String arg = commandLine.getCursorArgument();
        String typed = arg == null ? "" : arg.substring(0, Math.min(arg.length(), commandLine.getArgumentPosition()));
        String prefix = typed.substring(0, typed.lastIndexOf(',') + 1);
        Set<String> options = new TreeSet<>();
        for (String n : kindNames()) {
            options.add(prefix + n);
        }
        return new StringsCompleter(options).complete(session, commandLine, candidates);
    }
}
