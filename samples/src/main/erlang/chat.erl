%% Sample 4, the Erlang side: an Erlang member joins the pg group lobby, where the Java member
%% java_bot is, says hello and waits for the bot's answer.
-module(chat).
-export([run/1]).

run(JavaNode) ->
    ok = ensure_pg(),
    pong = net_adm:ping(JavaNode),          % the Java scope then discovers ours
    ok = await_java_member(JavaNode, 200),  % pg is eventually consistent: wait up to 10 s
    Ann = join(<<"ann">>),
    Ann ! {say, <<"hello">>},
    Answer = receive {heard, Ann, {chat, _, <<"java_bot">>, Text}} -> Text after 10000 -> timeout end,
    Members = lists:sort([node(P) || P <- pg:get_members(lobby)]),
    Ann ! stop,
    {Members, Answer}.

ensure_pg() ->
    case whereis(pg) of
        undefined -> {ok, _} = pg:start(pg), ok;
        _ -> ok
    end.

await_java_member(_, 0) ->
    no_java_member;
await_java_member(JavaNode, Tries) ->
    case [P || P <- pg:get_members(lobby), node(P) =:= JavaNode] of
        [] -> timer:sleep(50), await_java_member(JavaNode, Tries - 1);
        _ -> ok
    end.

%% A member named Name: says what it is told to, forwards what it hears to the caller.
join(Name) ->
    Parent = self(),
    Pid = spawn(fun() -> ok = pg:join(lobby, self()), Parent ! {joined, self()}, member(Name, Parent) end),
    receive {joined, Pid} -> Pid after 10000 -> error(no_join) end.

member(Name, Parent) ->
    receive
        {say, Text} ->
            [P ! {chat, self(), Name, Text} || P <- pg:get_members(lobby), P =/= self()],
            member(Name, Parent);
        {chat, _, _, _} = Line ->
            Parent ! {heard, self(), Line},
            member(Name, Parent);
        stop ->
            ok
    end.
