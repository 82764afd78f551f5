%% Sample 3, the Erlang side: a gen_server stock that Java calls, a function shop:total/0 that
%% Java calls with rpc, and rpc calls into Java.
-module(shop).
-behaviour(gen_server).
-export([run/1, total/0]).
-export([init/1, handle_call/3, handle_cast/2]).

run(JavaNode) ->
    {ok, _} = gen_server:start({local, stock}, ?MODULE, #{apples => 3, pears => 5}, []),
    %% Erlang calls Java.
    Quote = rpc:call(JavaNode, prices, quote, [apples]),
    {badrpc, {'EXIT', {badarg, _}}} = rpc:call(JavaNode, prices, quote, [durian]),
    %% Java calls our gen_server and our shop:total/0, and answers what it saw.
    Restocked = rpc:call(JavaNode, prices, restock, [node()]),
    gen_server:stop(stock),
    {Quote, Restocked}.

total() ->
    lists:sum(maps:values(gen_server:call(stock, all))).

init(Stock) -> {ok, Stock}.

handle_call({count, Item}, _From, Stock) ->
    {reply, maps:get(Item, Stock, 0), Stock};
handle_call({add, Item, N}, _From, Stock) ->
    Next = maps:get(Item, Stock, 0) + N,
    {reply, Next, Stock#{Item => Next}};
handle_call(all, _From, Stock) ->
    {reply, Stock, Stock}.

handle_cast(_, Stock) -> {noreply, Stock}.
