package io.pgkeeper.cli;

import static io.pgkeeper.error.ExitCode.OK;
import static io.pgkeeper.error.ExitCode.USAGE;
import io.pgkeeper.cli.Exits.Exit;

import io.pgkeeper.core.RunContext;
import io.pgkeeper.policy.Policy;
import io.pgkeeper.repository.CatalogEntry;
import io.pgkeeper.repository.CatalogService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for bash or zsh.",
                "It completes commands and options (picocli's script), and asks pgkeeper itself for the values only the",
                "policy and the repository know: cluster names after --cluster, backup ids after --backup (with the",
                "--policy and --cluster typed on the same line). zsh runs the bash script through bashcompinit."},
        footerHeading = "%nExamples:%n",
        footer = {"  pgkeeper completion bash > /etc/bash_completion.d/pgkeeper",
                "  source <(pgkeeper completion zsh)      # in ~/.zshrc"})
@Exits({@Exit(OK), @Exit(USAGE)})
final class CompletionCommand implements Callable<Integer> {
    /** The bash completion script of the whole command tree, with the dynamic values; also what the package installs. */
    static String bash(CommandLine root) {
        return AutoComplete.bash("pgkeeper", root) + DYNAMIC;
    }

    /**
     * The zsh completion function the package installs in zsh's vendor-completions directory:
     * autoloaded from fpath as {@code _pgkeeper} on the first Tab after "pgkeeper", it sources
     * the bash script of the package (sourced rather than inlined, so that the aliases the script
     * defines for zsh apply to its own functions) and completes that first Tab too; the script
     * registers itself through bashcompinit for the Tabs after it.
     */
    static String zshFunction() {
        return """
                #compdef pgkeeper
                # zsh completion of pgkeeper: its bash completion script, run through bashcompinit.
                autoload -U +X bashcompinit && bashcompinit
                # The script aliases compopt to complete for zsh, but completion functions run with
                # aliases off; bashcompinit has no compopt (it tunes bash's file-name fallback only).
                (( $+functions[compopt] )) || compopt() { return 0 }
                source "${${functions_source[_pgkeeper]:-/usr/share/zsh/vendor-completions/_pgkeeper}:A:h:h:h}/bash-completion/completions/pgkeeper"
                _bash_complete -F _pgkeeper_dynamic -o default
                """;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    enum Shell { bash, zsh }

    enum Candidates { clusters, backups }

    @Parameters(index = "0", arity = "0..1", paramLabel = "bash|zsh", description = "the shell")
    Shell shell;

    /** What the completion script calls at completion time; not for people. */
    @Option(names = "--candidates", hidden = true)
    Candidates candidates;

    @Override
    public Integer call() {
        if (candidates != null) {
            candidates().forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (shell == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "say which shell: pgkeeper completion bash, or zsh");
        }
        String script = bash(spec.root().commandLine());
        if (shell == Shell.zsh) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private List<String> candidates() {
        if (candidates == Candidates.clusters) {
            Policy policy = CliContext.of(spec).policy();
            return List.copyOf(new TreeSet<>(policy.clusters().keySet()));
        }
        RunContext ctx = CliContext.open(spec);
        List<CatalogEntry> entries = new ArrayList<>(new CatalogService(ctx.repository()).list(ctx.cluster().name(), Optional.empty(), new ArrayList<>()));
        try {
            entries.addAll(Engines.of(ctx.cluster()).catalog(ctx, Optional.empty()));
        } catch (RuntimeException e) {
            // pgBackRest's labels are a bonus; the repository's own ids are still offered
        }
        List<String> ids = new ArrayList<>(List.of("latest"));
        entries.stream().sorted(Comparator.comparing((CatalogEntry e) -> e.manifest().startedAt()).reversed())
                .forEach(e -> ids.add(e.manifest().id()));
        return ids;
    }

    /**
     * Wraps picocli's completion function: after --cluster or --backup it asks pgkeeper (the
     * command being completed, with the --policy and --cluster already typed) for the values.
     */
    static final String DYNAMIC = """

            # pgkeeper: cluster names from the policy, backup ids from the catalog, asked of pgkeeper itself
            function _pgkeeper_dynamic() {
              local curr_word=${COMP_WORDS[COMP_CWORD]}
              local prev_word=${COMP_WORDS[COMP_CWORD-1]}
              case ${prev_word} in
                --cluster|--backup)
                  local args=() i what=clusters
                  for ((i = 1; i + 1 < COMP_CWORD; i++)); do
                    case ${COMP_WORDS[i]} in
                      --policy|--cluster) args+=("${COMP_WORDS[i]}" "${COMP_WORDS[i+1]}") ;;
                    esac
                  done
                  [ "${prev_word}" = --backup ] && what=backups
                  local IFS=$'\\n'
                  COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "${args[@]}" completion --candidates "${what}" 2>/dev/null)" -- "${curr_word}") )
                  return 0
                  ;;
              esac
              _complete_pgkeeper "$@"
            }

            complete -F _pgkeeper_dynamic -o default pgkeeper pgkeeper.sh pgkeeper.bash
            """;
}
