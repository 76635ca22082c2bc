<?php
namespace App\Jobs;

use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Storage;

// Queued by the web pod, processed by the worker: takes 'seconds' of work (whatever signal arrives
// meanwhile), then marks the order processed and writes its receipt on the data claim.
class ProcessOrder implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable;

    public function __construct(public int $order, public int $seconds = 0)
    {
    }

    public function handle(): void
    {
        DB::table('orders')->where('id', $this->order)->update(['started_at' => date('Y-m-d H:i:s'), 'attempts' => DB::raw('attempts + 1')]);
        $end = microtime(true) + $this->seconds;
        while (($left = $end - microtime(true)) > 0) {
            usleep((int) (min($left, 0.2) * 1e6));
        }
        Storage::disk('local')->put('receipts/' . $this->order . '.txt', 'order ' . $this->order . ' by ' . gethostname());
        DB::table('orders')->where('id', $this->order)->update(['processed_at' => date('Y-m-d H:i:s'), 'worker' => gethostname()]);
    }
}
