<?php
use App\Jobs\ProcessOrder;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Route;
use Illuminate\Support\Facades\Storage;

$text = fn (string $body, int $status = 200) => response($body . "\n", $status, ['Content-Type' => 'text/plain']);

// The migrations the release step ran, in order.
Route::get('/migrations', fn () => $text(implode(' ', DB::table('migrations')->orderBy('id')->pluck('migration')->all())));

// An order, queued for the worker ('seconds' of work).
Route::post('/orders', function (Request $request) use ($text) {
    $id = DB::table('orders')->insertGetId(['created_at' => date('Y-m-d H:i:s')]);
    ProcessOrder::dispatch($id, (int) $request->query('seconds', 0));
    return $text("order $id", 201);
});

Route::get('/orders/{id}', function (string $id) use ($text) {
    $order = DB::table('orders')->find((int) $id);
    if ($order === null) {
        return $text('no such order', 404);
    }
    $state = $order->processed_at ? 'processed by ' . $order->worker : ($order->started_at ? 'started' : 'queued');
    return $text("order $id $state, attempts $order->attempts");
});

// The receipt the worker wrote on the data claim, read by the web pod.
Route::get('/receipts/{id}', fn (string $id) => Storage::disk('local')->exists("receipts/$id.txt")
    ? $text(Storage::disk('local')->get("receipts/$id.txt")) : $text('no receipt', 404));

// The queue: jobs waiting and jobs failed.
Route::get('/queue', fn () => $text('waiting ' . DB::table('jobs')->count() . ', failed ' . DB::table('failed_jobs')->count()));

Route::get('/marks', fn () => $text('marks ' . DB::table('marks')->where('what', 'scheduler')->count()));
