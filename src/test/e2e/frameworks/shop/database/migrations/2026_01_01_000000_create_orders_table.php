<?php
use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

return new class extends Migration {
    public function up()
    {
        Schema::create('orders', function (Blueprint $table) {
            $table->id();
            $table->dateTime('created_at');
            $table->dateTime('started_at')->nullable();
            $table->dateTime('processed_at')->nullable();
            $table->string('worker')->nullable();
            $table->unsignedInteger('attempts')->default(0);
        });
    }
};
