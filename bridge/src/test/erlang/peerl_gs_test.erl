%% Erlang side of the bridge's gen_server interop tests: a small gen_server for Java to call,
%% and helpers that call Java servers and report how the call ended instead of crashing.
-module(peerl_gs_test).
-behaviour(gen_server).

-export([start/1, call/3, cast/2, storm/4, echo_all/2, await_reply/3]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

%% A server registered as Name, not linked to the caller (eval processes come and go).
start(Name) ->
    {ok, Pid} = gen_server:start({local, Name}, ?MODULE, [], []),
    Pid.

%% How gen_server:call ended: {ok, Reply} or {exit, Reason}.
call(Dest, Request, Timeout) ->
    try gen_server:call(Dest, Request, Timeout) of
        Reply -> {ok, Reply}
    catch
        exit:Reason -> {exit, Reason}
    end.

cast(Dest, Message) ->
    gen_server:cast(Dest, Message).

%% Procs processes each make N calls {add, 1} to Dest; returns the replies' count once all are
%% done.
storm(Dest, Procs, N, Timeout) ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), [gen_server:call(Dest, {add, 1}, Timeout)
                                           || _ <- lists:seq(1, N)]} end)
            || _ <- lists:seq(1, Procs)],
    lists:sum([receive {P, Replies} -> length(Replies) end || P <- Pids]).

%% The terms whose round trip through Dest's echo call did not come back exactly (=:=).
echo_all(Dest, Terms) ->
    [{T, R} || T <- Terms, R <- [gen_server:call(Dest, T, 5000)], R =/= T].

%% Calls Dest with Request until it replies Expected (5 s at most): waits for a server's state.
await_reply(Dest, Request, Expected) ->
    await_reply(Dest, Request, Expected, 500).

await_reply(_Dest, _Request, _Expected, 0) ->
    timeout;
await_reply(Dest, Request, Expected, Tries) ->
    case gen_server:call(Dest, Request, 5000) of
        Expected -> ok;
        _ -> timer:sleep(10), await_reply(Dest, Request, Expected, Tries - 1)
    end.

init([]) ->
    {ok, []}.

handle_call({echo, X}, _From, Casts) ->
    {reply, X, Casts};
handle_call(never, _From, Casts) ->
    {noreply, Casts};
handle_call({reply_after, Ms, X}, From, Casts) ->
    erlang:send_after(Ms, self(), {reply, From, X}),
    {noreply, Casts};
handle_call({stop, Reason}, _From, Casts) ->
    {stop, Reason, Casts};
handle_call(casts, _From, Casts) ->
    {reply, lists:reverse(Casts), Casts};
handle_call(caller, {Pid, _Tag}, Casts) ->
    {reply, Pid, Casts}.

handle_cast(Message, Casts) ->
    {noreply, [Message | Casts]}.

handle_info({reply, From, X}, Casts) ->
    gen_server:reply(From, X),
    {noreply, Casts};
handle_info(_, Casts) ->
    {noreply, Casts}.
