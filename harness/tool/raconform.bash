# bash completion for raconform(1): subcommands, each subcommand's options
# (read from its --help, so a new option completes without an edit here),
# case IDs for --run/--skip, defect names for --defect, variant names for
# --variant (when this raconform has serve --list-variants), scenarios for
# --scenario, and fixed values for --profile, --progress, --format.
# Installed as <prefix>/share/bash-completion/completions/raconform.

_raconform_words()
{
  # first column of a listing command's stdout, errors ignored
  "$@" 2>/dev/null | awk '{ print $1 }'
}

_raconform()
{
  local cur prev bin cmd words
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  bin="${COMP_WORDS[0]}"
  # "--opt=VALUE": bash splits at '=' (COMP_WORDBREAKS)
  if [ "$cur" = "=" ]; then
    cur=""
  elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
    prev="${COMP_WORDS[COMP_CWORD-2]}"
  fi

  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "run serve client-check sign vectors list plan
                             --help --version" -- "$cur"))
    return 0
  fi
  cmd="${COMP_WORDS[1]}"

  case "$prev" in
    --run|--skip|--case)
      words=$(_raconform_words "$bin" list)
      COMPREPLY=($(compgen -W "$words" -- "$cur"))
      return 0 ;;
    --defect)
      words=$(_raconform_words "$bin" serve --list-defects)
      COMPREPLY=($(compgen -W "$words" -- "$cur"))
      return 0 ;;
    --variant)
      words=$(_raconform_words "$bin" serve --list-variants)
      COMPREPLY=($(compgen -W "$words" -- "$cur"))
      return 0 ;;
    --scenario)
      words=$(_raconform_words "$bin" client-check --list)
      COMPREPLY=($(compgen -W "$words" -- "$cur"))
      return 0 ;;
    --profile)
      COMPREPLY=($(compgen -W "legacy-2014 json-2017 all" -- "$cur"))
      return 0 ;;
    --progress)
      COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
      return 0 ;;
    --format)
      COMPREPLY=($(compgen -W "text markdown json" -- "$cur"))
      return 0 ;;
    --tap-version)
      COMPREPLY=($(compgen -W "13 14" -- "$cur"))
      return 0 ;;
    --cases|--reports|--dir|--record)
      COMPREPLY=($(compgen -d -- "$cur"))
      return 0 ;;
    --target|--tap|--junit|--json|--baseline|--write-baseline|--target-out|\
    --requesters|--html|--markdown)
      COMPREPLY=($(compgen -f -- "$cur"))
      return 0 ;;
  esac

  if [[ "$cur" == -* ]]; then
    words=$("$bin" "$cmd" --help 2>/dev/null |
            grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
    COMPREPLY=($(compgen -W "$words --help --version" -- "$cur"))
    return 0
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
  return 0
}
complete -F _raconform raconform
