%%% @doc A tiny module for the test kit's own tests: proves that a node
%%% started with a code path from ErlangCompiler can call compiled code.
-module(peerl_testkit_sample).

-export([hello/1]).

hello(Name) -> {hello, Name}.
