# SPDX-License-Identifier: MPL-2.0
# bash completion for tavle(1): subcommands and their kinds, each command's options
# (read from `tavle CMD --help`, so they never drift from the program), area keys,
# statuses, and package numbers and board names from the current database (through
# `tavle complete`, which opens an existing database read-only and never creates one).

_tavle_db_args() {
	local i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db | --board) printf '%s %s ' "${COMP_WORDS[i]}" "${COMP_WORDS[i + 1]}" ;;
		--db=* | --board=*) printf '%s ' "${COMP_WORDS[i]}" ;;
		esac
	done
}

_tavle() {
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	local tavle=${words[0]}
	# Help text is parsed in English whatever the user's language.
	# shellcheck disable=SC2046
	local db=$(_tavle_db_args)

	# The command words (skipping global options and their values).
	local i cmd="" sub="" arg1=""
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--db | --board) ((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then cmd=${words[i]}
			elif [[ -z $sub ]]; then sub=${words[i]}; arg1=$sub; fi
			;;
		esac
	done

	case $prev in
	--db | -o | --output | --todo | --password-file | --template)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--area)
		COMPREPLY=($(compgen -W "$($tavle complete areas 2>/dev/null)" -- "$cur"))
		return ;;
	--status)
		COMPREPLY=($(compgen -W "$($tavle complete statuses 2>/dev/null)" -- "$cur"))
		return ;;
	--board)
		local IFS=$'\n'
		COMPREPLY=($(compgen -W "$($tavle $db complete boards 2>/dev/null)" -- "$cur"))
		return ;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--db --board --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(LC_ALL=C.UTF-8 LANGUAGE= $tavle --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z]*\).*/\1/p' | sort -u) help" -- "$cur"))
		fi
		return
	fi

	# Commands with a second word: export ics|csv|xlsx, add package|task..., config check|dump.
	local subs
	subs=$(LC_ALL=C.UTF-8 LANGUAGE= $tavle --help 2>/dev/null | sed -n "/^commands:/,/^\$/s/^  $cmd \\([a-z][a-z]*\\)\\b.*/\\1/p")
	if [[ -n $subs ]]; then
		if [[ -z $sub ]]; then
			COMPREPLY=($(compgen -W "$subs" -- "$cur"))
			return
		fi
	else
		sub=""  # the second word was an argument, not a kind
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(LC_ALL=C.UTF-8 LANGUAGE= $tavle $cmd $sub --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
		return
	fi
	case $cmd in
	show | comments | log | set)
		COMPREPLY=($(compgen -W "$($tavle $db complete packages 2>/dev/null)" -- "$cur")) ;;
	add)
		[[ $sub == task || $sub == comment ]] &&
			COMPREPLY=($(compgen -W "$($tavle $db complete packages 2>/dev/null)" -- "$cur")) ;;
	rm)
		if [[ -z $arg1 ]]; then
			COMPREPLY=($(compgen -W "package task phase meeting comment decision person" -- "$cur"))
		elif [[ $arg1 == package ]]; then
			COMPREPLY=($(compgen -W "$($tavle $db complete packages 2>/dev/null)" -- "$cur"))
		fi ;;
	help)
		COMPREPLY=($(compgen -W "$(LC_ALL=C.UTF-8 LANGUAGE= $tavle --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z]*\).*/\1/p' | sort -u)" -- "$cur")) ;;
	complete)
		COMPREPLY=($(compgen -W "packages boards areas statuses" -- "$cur")) ;;
	backup | restore | import | template | config)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _tavle tavle
